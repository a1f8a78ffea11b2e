-- What an API key reaches: 'product' (one host product's teams, as every key made before this version) or
-- 'operator' (only the /admin endpoints; the key belongs to no product, and product is the operator's name).
ALTER TABLE creditpool_api_key ADD COLUMN scope VARCHAR(16) DEFAULT 'product' NOT NULL;
ALTER TABLE creditpool_api_key ADD CONSTRAINT creditpool_api_key_scope CHECK (scope IN ('product', 'operator'));

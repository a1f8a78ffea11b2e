-- The service's API keys: one row per key, its secret kept only as a SHA-256 hash (the key is shown once, when
-- created). A key belongs to one host product and sees only that product's teams.
CREATE TABLE creditpool_api_key (
    key_id      VARCHAR(12)              NOT NULL PRIMARY KEY,
    product     VARCHAR(40)              NOT NULL,
    secret_hash VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

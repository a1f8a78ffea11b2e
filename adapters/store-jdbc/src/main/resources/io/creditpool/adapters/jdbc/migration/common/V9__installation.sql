-- The store's installation id: made once, when the store is created (or, for a store made before this version, when
-- Creditpool first opens it), and never changed. It is part of every purchase key and is stored with every charge at
-- the card processor, so two stores charging on one processor account never share a key, and reconciliation finds
-- this store's charges. One row at most: the primary key is a constant.
CREATE TABLE creditpool_installation (
    one_row SMALLINT DEFAULT 1 NOT NULL PRIMARY KEY,
    id VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT creditpool_installation_one_row CHECK (one_row = 1)
);

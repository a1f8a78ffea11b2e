-- The Credits & Billing page's links (single use, a few minutes) and browser sessions, kept in the store so that any
-- instance sharing it serves them and a restart keeps them. Only SHA-256 hashes of link tokens and session ids are
-- kept. Rows past expires_at are purged.
CREATE TABLE creditpool_page_link (
    token_hash  VARCHAR(64)              NOT NULL PRIMARY KEY,
    product     VARCHAR(40)              NOT NULL,
    team_id     VARCHAR(128)             NOT NULL,
    team_name   VARCHAR(128)             NOT NULL,
    member_id   VARCHAR(128)             NOT NULL,
    return_url  VARCHAR(2048),
    expires_at  TEXT                     NOT NULL
);
CREATE INDEX creditpool_page_link_expiry ON creditpool_page_link (expires_at);

CREATE TABLE creditpool_page_session (
    id_hash     VARCHAR(64)              NOT NULL PRIMARY KEY,
    product     VARCHAR(40)              NOT NULL,
    team_id     VARCHAR(128)             NOT NULL,
    team_name   VARCHAR(128)             NOT NULL,
    member_id   VARCHAR(128)             NOT NULL,
    return_url  VARCHAR(2048),
    csrf        VARCHAR(64)              NOT NULL,
    expires_at  TEXT                     NOT NULL,
    flash_ok    INTEGER,
    flash_text  VARCHAR(4000)
);
CREATE INDEX creditpool_page_session_expiry ON creditpool_page_session (expires_at);

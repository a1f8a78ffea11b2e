-- Creditpool's tables on SQLite: the shape the other databases reach at schema version 10 (see ../common and the
-- README's Storage section for what each table and column holds), made in one step, as SQLite stores begin at this
-- version. A later migration that the other databases run from ../common needs its SQLite form here too, at the
-- same version.
--
-- Times are text of a fixed width in UTC (2026-12-07T02:11:07.123456789Z), so their order as text is their order in
-- time. Tables keyed by team are WITHOUT ROWID: each row lives in its primary key's tree, so a command writes one
-- tree per table rather than a table and its key's index.

CREATE TABLE creditpool_team (
    team_id        VARCHAR(128) NOT NULL PRIMARY KEY,
    state          VARCHAR      NOT NULL,
    balance        BIGINT       NOT NULL,
    ledger_entries BIGINT       NOT NULL,
    version        BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT creditpool_team_balance_never_negative CHECK (balance >= 0)
) WITHOUT ROWID;

CREATE TABLE creditpool_team_part (
    team_id  VARCHAR(128) NOT NULL,
    kind     VARCHAR(16)  NOT NULL,
    part_key VARCHAR(256) NOT NULL,
    ord      BIGINT       NOT NULL,
    data     VARCHAR      NOT NULL,
    due_at   TEXT,
    PRIMARY KEY (team_id, kind, part_key)
) WITHOUT ROWID;
CREATE INDEX creditpool_team_part_due ON creditpool_team_part (due_at);

CREATE TABLE creditpool_ledger (
    team_id        VARCHAR(128)             NOT NULL,
    seq            BIGINT                   NOT NULL,
    at             TEXT                     NOT NULL,
    kind           VARCHAR(16)              NOT NULL,
    balance_change BIGINT                   NOT NULL,
    entry          VARCHAR                  NOT NULL,
    PRIMARY KEY (team_id, seq)
) WITHOUT ROWID;

-- The ledger is append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER creditpool_ledger_no_update BEFORE UPDATE ON creditpool_ledger
BEGIN
    SELECT RAISE(ABORT, 'the Creditpool ledger is append-only: UPDATE on creditpool_ledger is refused');
END;
CREATE TRIGGER creditpool_ledger_no_delete BEFORE DELETE ON creditpool_ledger
BEGIN
    SELECT RAISE(ABORT, 'the Creditpool ledger is append-only: DELETE on creditpool_ledger is refused');
END;

CREATE TABLE creditpool_request (
    team_id     VARCHAR(128) NOT NULL,
    request_id  VARCHAR(128) NOT NULL,
    fingerprint VARCHAR      NOT NULL,
    decision    VARCHAR,
    decided_at  TEXT,
    PRIMARY KEY (team_id, request_id)
) WITHOUT ROWID;

CREATE TABLE creditpool_api_key (
    key_id      VARCHAR(12)              NOT NULL PRIMARY KEY,
    product     VARCHAR(40)              NOT NULL,
    secret_hash VARCHAR(64)              NOT NULL,
    created_at  TEXT                     NOT NULL,
    revoked_at  TEXT,
    scope       VARCHAR(16) DEFAULT 'product' NOT NULL,
    CONSTRAINT creditpool_api_key_scope CHECK (scope IN ('product', 'operator'))
);

CREATE TABLE creditpool_installation (
    one_row    SMALLINT DEFAULT 1 NOT NULL PRIMARY KEY,
    id         VARCHAR(64) NOT NULL,
    created_at TEXT                     NOT NULL,
    CONSTRAINT creditpool_installation_one_row CHECK (one_row = 1)
);

CREATE TABLE creditpool_event (
    id      INTEGER                  NOT NULL PRIMARY KEY,
    team_id VARCHAR(128)             NOT NULL,
    product VARCHAR(128)             NOT NULL,
    kind    VARCHAR(32)              NOT NULL,
    at      TEXT                     NOT NULL,
    data    VARCHAR                  NOT NULL
);
CREATE INDEX creditpool_event_by_product ON creditpool_event (product, id);

CREATE TABLE creditpool_event_counter (
    one_row INT    NOT NULL PRIMARY KEY,
    last_id BIGINT NOT NULL,
    CONSTRAINT creditpool_event_counter_one_row CHECK (one_row = 1)
);
INSERT INTO creditpool_event_counter (one_row, last_id) VALUES (1, 0);

CREATE TABLE creditpool_webhook (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    product     VARCHAR(128)             NOT NULL,
    url         VARCHAR(2048)            NOT NULL,
    events      VARCHAR(512)             NOT NULL,
    secret      VARCHAR(80)              NOT NULL,
    after_event BIGINT                   NOT NULL,
    created_at  TEXT                     NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX creditpool_webhook_by_product ON creditpool_webhook (product);

CREATE TABLE creditpool_webhook_cursor (
    one_row    INT    NOT NULL PRIMARY KEY,
    last_event BIGINT NOT NULL,
    CONSTRAINT creditpool_webhook_cursor_one_row CHECK (one_row = 1)
);
INSERT INTO creditpool_webhook_cursor (one_row, last_event) VALUES (1, 0);

CREATE TABLE creditpool_webhook_delivery (
    endpoint_id     VARCHAR(32)              NOT NULL,
    event_id        BIGINT                   NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    attempts        INT                      NOT NULL,
    next_at         TEXT                     NOT NULL,
    lease_until     TEXT,
    first_at        TEXT,
    last_at         TEXT,
    last_status     INT,
    last_error      VARCHAR(512),
    PRIMARY KEY (endpoint_id, event_id),
    CONSTRAINT creditpool_webhook_delivery_state CHECK (state IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX creditpool_webhook_delivery_due ON creditpool_webhook_delivery (state, next_at);

-- Creditpool's tables. The same SQL runs on H2 (file mode) and PostgreSQL.

-- One row per team: its state (members, open grants, usage, settings, purchases waiting for a charge's outcome)
-- as a JSON document, the balance (the sum of the open grants), and how many ledger entries it has.
-- Every command on a team locks this row (SELECT ... FOR UPDATE) for its transaction.
CREATE TABLE creditpool_team (
    team_id        VARCHAR(128) NOT NULL PRIMARY KEY,
    state          VARCHAR      NOT NULL,
    balance        BIGINT       NOT NULL,
    ledger_entries BIGINT       NOT NULL,
    CONSTRAINT creditpool_team_balance_never_negative CHECK (balance >= 0)
);

-- The append-only ledger: every grant, expiry, consumption, charge and setting change, numbered per team.
-- The balance can always be recomputed: SUM(balance_change) = creditpool_team.balance.
CREATE TABLE creditpool_ledger (
    team_id        VARCHAR(128)             NOT NULL,
    seq            BIGINT                   NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    kind           VARCHAR(16)              NOT NULL,
    balance_change BIGINT                   NOT NULL,
    entry          VARCHAR                  NOT NULL,
    PRIMARY KEY (team_id, seq)
);

-- Request ids already seen per team: the command's content and its decision (null while in progress).
CREATE TABLE creditpool_request (
    team_id     VARCHAR(128) NOT NULL,
    request_id  VARCHAR(128) NOT NULL,
    fingerprint VARCHAR      NOT NULL,
    decision    VARCHAR,
    PRIMARY KEY (team_id, request_id)
);

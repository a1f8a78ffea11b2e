-- The event outbox: every event a change tells is written in the change's own transaction, so it is kept if and
-- only if the change is. id is given from creditpool_event_counter, whose one row a transaction that writes events
-- locks last (after its teams' rows), so ids grow in the order those transactions commit: a reader that asks for
-- ids above the last one it saw misses none. product is the part of the team id before ':' (the HTTP service's
-- product), so one product's events are read without the others'.
CREATE TABLE creditpool_event (
    id      BIGINT                   NOT NULL PRIMARY KEY,
    team_id VARCHAR(128)             NOT NULL,
    product VARCHAR(128)             NOT NULL,
    kind    VARCHAR(32)              NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    data    VARCHAR                  NOT NULL
);
CREATE INDEX creditpool_event_by_product ON creditpool_event (product, id);

CREATE TABLE creditpool_event_counter (
    one_row INT    NOT NULL PRIMARY KEY,
    last_id BIGINT NOT NULL,
    CONSTRAINT creditpool_event_counter_one_row CHECK (one_row = 1)
);
INSERT INTO creditpool_event_counter (one_row, last_id) VALUES (1, 0);

-- Pending purchases of every team are found through the index on creditpool_team_part.due_at (V8). An index on
-- kind alone would mislead H2's planner into scanning every part of a kind for each part's update.

-- Webhook endpoints: one product's URL, the event types it wants (a comma-separated list, with a comma at each end),
-- its signing secret (kept to sign, shown to the product once), and the last event id when it was created: it is
-- sent only events after that one.
CREATE TABLE creditpool_webhook (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    product     VARCHAR(128)             NOT NULL,
    url         VARCHAR(2048)            NOT NULL,
    events      VARCHAR(512)             NOT NULL,
    secret      VARCHAR(80)              NOT NULL,
    after_event BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX creditpool_webhook_by_product ON creditpool_webhook (product);

-- How far the outbox has been fanned out into deliveries: one row, locked by the instance that fans out.
CREATE TABLE creditpool_webhook_cursor (
    one_row    INT    NOT NULL PRIMARY KEY,
    last_event BIGINT NOT NULL,
    CONSTRAINT creditpool_webhook_cursor_one_row CHECK (one_row = 1)
);
INSERT INTO creditpool_webhook_cursor (one_row, last_event) VALUES (1, 0);

-- One delivery per endpoint and event: pending until a 2xx answer (delivered) or until retries run out (failed).
-- A worker claims a due delivery by setting lease_until (only if no other lease is running), so one worker sends it;
-- a crashed worker's lease runs out and another takes it up.
CREATE TABLE creditpool_webhook_delivery (
    endpoint_id     VARCHAR(32)              NOT NULL,
    event_id        BIGINT                   NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    attempts        INT                      NOT NULL,
    next_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until     TIMESTAMP WITH TIME ZONE,
    first_at        TIMESTAMP WITH TIME ZONE,
    last_at         TIMESTAMP WITH TIME ZONE,
    last_status     INT,
    last_error      VARCHAR(512),
    PRIMARY KEY (endpoint_id, event_id),
    CONSTRAINT creditpool_webhook_delivery_state CHECK (state IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX creditpool_webhook_delivery_due ON creditpool_webhook_delivery (state, next_at);

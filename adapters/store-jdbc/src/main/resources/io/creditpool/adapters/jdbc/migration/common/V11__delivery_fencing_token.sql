-- Each claim of a webhook delivery takes the next fencing token, and an attempt is recorded only with the latest
-- claim's token: a worker paused past its lease and replaced by another writes nothing.
ALTER TABLE creditpool_webhook_delivery ADD COLUMN lease_token BIGINT DEFAULT 0 NOT NULL;

-- A rotated signing secret keeps signing beside the new one until previous_until, so a receiver switches without
-- missing a delivery. Retention purges delivered and failed deliveries by their last attempt and old events by
-- their time: both are read by those columns.
ALTER TABLE creditpool_webhook ADD COLUMN previous_secret VARCHAR(128);
ALTER TABLE creditpool_webhook ADD COLUMN previous_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX creditpool_webhook_delivery_done ON creditpool_webhook_delivery (state, last_at);
CREATE INDEX creditpool_event_at ON creditpool_event (at);

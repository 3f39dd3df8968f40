-- Isolation of slow endpoints (ADR 0015): a delivery whose endpoint is at its in-flight bound or
-- throttle, or whose attempt outlasts the dispatcher's park-after, leaves Kafka and waits here.
-- parked_until is when the dispatcher's sweeper picks it up: the throttle's next slot, a retry's
-- due time, or the lease of an attempt in flight (a crashed dispatcher's attempt is retried
-- when the lease ends). NULL: the delivery is on the Kafka path (or settled).
-- parked_trigger keeps whether the parked attempt was scheduled or manual.
ALTER TABLE webhook_deliveries ADD COLUMN parked_until TIMESTAMPTZ;
ALTER TABLE webhook_deliveries ADD COLUMN parked_trigger TEXT
    CHECK (parked_trigger IN ('scheduled', 'manual'));
CREATE INDEX webhook_deliveries_parked ON webhook_deliveries (parked_until)
    WHERE parked_until IS NOT NULL;

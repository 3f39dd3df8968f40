-- Webhook endpoint management (issue 9): deleting an endpoint keeps its delivery history readable
-- for the retention period; deliveries carry a per-subject sequence number; the delivery log is
-- filtered by type and time and recovered by status and time.

-- A deleted endpoint receives nothing (enabled = false) and is hidden from the endpoint routes;
-- its deliveries stay readable until the dispatcher purges them after the retention period.
ALTER TABLE webhook_endpoints ADD COLUMN deleted_at TIMESTAMPTZ;

-- The last sequence number given to each subject's events, per workspace. The fan-out raises it
-- once per event it first records, in event order (the events topic is keyed by workspace), so
-- a receiver can order the facts about one subject although deliveries are not ordered.
CREATE TABLE webhook_subject_sequences (
    workspace_id   TEXT   NOT NULL,
    subject        TEXT   NOT NULL,
    last_sequence  BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, subject)
);

-- GET /v1/webhooks/{id}/deliveries?status=&event_type=&since=&until= and POST …/recover.
CREATE INDEX webhook_deliveries_endpoint_status
    ON webhook_deliveries (endpoint_id, status, created_at DESC, id DESC);

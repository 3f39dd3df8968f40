-- Parked webhook deliveries keep their trace (ADR 30): the W3C traceparent of the attempt that
-- parked a delivery, so the sweeper's later attempts (a throttle slot, a retry due, an expired
-- lease) continue the trace of the event or manual retry that caused the delivery.
ALTER TABLE webhook_deliveries ADD COLUMN parked_traceparent text;

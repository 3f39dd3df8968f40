-- One trace per post (ADR 26): the W3C traceparent of the work that wrote a row travels with it.
-- outbox.traceparent: the relay sets it as the record's `traceparent` header.
-- posts.traceparent: the request that created the post; the publisher's scheduler gives it to the
-- publish commands it queues for the post's targets, however late they fall due.
ALTER TABLE outbox ADD COLUMN traceparent text;
ALTER TABLE posts ADD COLUMN traceparent text;

-- Bucket4j's PostgreSQL backend keeps one row per rate-limited API key here: the serialized token
-- bucket (state) and when the row may be deleted (expires_at, epoch milliseconds, once the bucket
-- would be full again). Every gateway instance reads and updates the same row, so a key has one
-- budget however many instances serve it. The gateway deletes expired rows in the background.
CREATE TABLE rate_limit_buckets (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);

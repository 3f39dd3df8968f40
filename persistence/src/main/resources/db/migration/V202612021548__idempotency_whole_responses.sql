-- Idempotency-Key replays carry the whole first answer (status, headers, the exact body bytes) and
-- remember which API key made the request; a reservation that commits before its answer (routes
-- that wait for a worker or stream an upload) holds a lease; expired rows are purged by expires_at.
-- The key's scope stays (workspace_id, idempotency_key); workspace_id is 'operator' for the
-- operator's bootstrap routes.
ALTER TABLE idempotency_keys
    ALTER COLUMN response_body DROP NOT NULL,
    ALTER COLUMN response_body TYPE BYTEA USING convert_to(response_body, 'UTF8'),
    ADD COLUMN api_key_id       TEXT,
    ADD COLUMN response_headers JSONB,
    ADD COLUMN locked_until     TIMESTAMPTZ,
    ADD COLUMN expires_at       TIMESTAMPTZ;

UPDATE idempotency_keys SET expires_at = created_at + interval '24 hours';

ALTER TABLE idempotency_keys ALTER COLUMN expires_at SET NOT NULL;

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

-- Exports (issue 8): a request is a row the publisher-worker claims (FOR UPDATE SKIP LOCKED,
-- lease_until), streams to a file under omnipost.exports.dir and settles as completed or failed.
-- brand_ids is the requesting key's brand restriction (empty: every brand), applied when the
-- rows are read.
CREATE TABLE exports (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT        NOT NULL REFERENCES workspaces (id),
    api_key_id    TEXT,
    brand_ids     TEXT[]      NOT NULL DEFAULT '{}',
    type          TEXT        NOT NULL CHECK (type IN ('posts', 'analytics', 'inbox')),
    format        TEXT        NOT NULL CHECK (format IN ('csv', 'json')),
    period        TEXT        NOT NULL,
    period_from   TIMESTAMPTZ NOT NULL,
    period_to     TIMESTAMPTZ NOT NULL,
    account_id    TEXT        REFERENCES accounts (id),
    status        TEXT        NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    attempts      INTEGER     NOT NULL DEFAULT 0,
    lease_until   TIMESTAMPTZ,
    row_count     BIGINT,
    size_bytes    BIGINT,
    file_name     TEXT,
    error_code    TEXT,
    error_message TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    completed_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ
);
CREATE INDEX exports_workspace ON exports (workspace_id, created_at DESC, id DESC);
CREATE INDEX exports_open ON exports (created_at) WHERE status IN ('pending', 'running');

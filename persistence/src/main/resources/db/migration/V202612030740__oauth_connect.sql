-- Where a workspace lets a connect flow send its users back to (exact URIs; a bare
-- http://localhost or http://127.0.0.1 admits any port and path on that loopback host, RFC 8252).
CREATE TABLE oauth_redirect_uris (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT        NOT NULL REFERENCES workspaces (id),
    uri           TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, uri)
);

-- One row per connect flow. The state travels through the user's browser, so only its SHA-256 is
-- stored; the PKCE verifier never leaves the server. used_at makes the state single-use; the
-- accounts a Facebook login offers wait here (encrypted, with their tokens) until one is chosen.
CREATE TABLE oauth_states (
    id                 TEXT PRIMARY KEY,
    state_hash         TEXT        NOT NULL UNIQUE,
    workspace_id       TEXT        NOT NULL REFERENCES workspaces (id),
    brand_id           TEXT REFERENCES brands (id) ON DELETE SET NULL,
    platform           TEXT        NOT NULL,
    redirect_uri       TEXT        NOT NULL,
    instance_url       TEXT,
    callback_uri       TEXT        NOT NULL,
    code_verifier_enc  BYTEA       NOT NULL,
    choices_enc        BYTEA,
    expires_at         TIMESTAMPTZ NOT NULL,
    used_at            TIMESTAMPTZ,
    chosen_at          TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

-- Omnipost's app on each Mastodon instance, registered once (POST /api/v1/apps) and reused.
CREATE TABLE oauth_clients (
    id                 TEXT PRIMARY KEY,
    platform           TEXT        NOT NULL,
    instance_url       TEXT        NOT NULL,
    redirect_uri       TEXT        NOT NULL,
    client_id          TEXT        NOT NULL,
    client_secret_enc  BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (platform, instance_url, redirect_uri)
);

-- The refresher's claim: the next time a token is looked at, pushed ahead while one worker has it.
ALTER TABLE accounts ADD COLUMN refresh_due_at TIMESTAMPTZ;
ALTER TABLE accounts ADD COLUMN expiring_notified_at TIMESTAMPTZ;
CREATE INDEX accounts_refresh_due ON accounts (refresh_due_at) WHERE status = 'connected';

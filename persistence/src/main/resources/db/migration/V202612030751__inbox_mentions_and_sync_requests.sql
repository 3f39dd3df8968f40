-- Mentions of the workspace's accounts (issue 8): stored once per platform item, announced once.
CREATE TABLE inbox_mentions (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT        NOT NULL REFERENCES workspaces (id),
    account_id        TEXT        NOT NULL REFERENCES accounts (id),
    platform          TEXT        NOT NULL,
    platform_item_id  TEXT        NOT NULL,
    platform_post_id  TEXT,
    author_id         TEXT,
    author_name       TEXT,
    text              TEXT        NOT NULL DEFAULT '',
    url               TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at           TIMESTAMPTZ,
    UNIQUE (account_id, platform_item_id)
);
CREATE INDEX inbox_mentions_account ON inbox_mentions (account_id, created_at DESC, id DESC);

-- POST /v1/accounts/{id}/sync: the account's cursors are synced at the next round, ahead of others.
ALTER TABLE inbox_cursors ADD COLUMN requested_at TIMESTAMPTZ;

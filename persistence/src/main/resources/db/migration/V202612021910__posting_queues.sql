-- Posting queues (Buffer-style, issue 6): an account's weekly slots in one IANA time zone.
-- POST /v1/posts {queue: true} gives each target its account's next free slot; the post's
-- transaction locks the accounts' queue rows (SELECT … FOR UPDATE), so two queued posts to one
-- account never take the same slot. slots: [{"day": "monday", "time": "09:00"}, …], sorted,
-- distinct, 1-100 (the gateway's QueueRules).
CREATE TABLE posting_queues (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    workspace_id  TEXT        NOT NULL REFERENCES workspaces (id),
    timezone      TEXT        NOT NULL,
    slots         JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX posting_queues_workspace ON posting_queues (workspace_id);

-- Direct messages of the unified inbox (issue 8, ADR 0027). A conversation is the account's
-- thread with one other party, keyed by that party's platform id (Messenger's PSID, Instagram's
-- IGSID, X's user id): Meta's messaging webhooks name the sender but not the thread, so the
-- conversation is found the same way whether a message arrives by webhook or by sync; the
-- platform's own thread id is filled in when a sync sees it.
CREATE TABLE inbox_conversations (
    id                        TEXT PRIMARY KEY,
    workspace_id              TEXT        NOT NULL REFERENCES workspaces (id),
    account_id                TEXT        NOT NULL REFERENCES accounts (id),
    platform                  TEXT        NOT NULL,
    participant_id            TEXT        NOT NULL,
    participant_handle        TEXT,
    participant_name          TEXT,
    platform_conversation_id  TEXT,
    status                    TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    assignee                  TEXT,
    last_message_at           TIMESTAMPTZ NOT NULL,
    -- the other party's last message: Messenger and Instagram accept answers for 24 h after it
    last_incoming_at          TIMESTAMPTZ,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (account_id, participant_id)
);
CREATE INDEX inbox_conversations_workspace
    ON inbox_conversations (workspace_id, last_message_at DESC, id DESC);

CREATE TABLE inbox_messages (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT        NOT NULL REFERENCES workspaces (id),
    account_id        TEXT        NOT NULL REFERENCES accounts (id),
    conversation_id   TEXT        NOT NULL REFERENCES inbox_conversations (id),
    platform          TEXT        NOT NULL,
    platform_item_id  TEXT        NOT NULL,
    author_id         TEXT,
    author_handle     TEXT,
    author_name       TEXT,
    text              TEXT        NOT NULL DEFAULT '',
    by_account        BOOLEAN     NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at           TIMESTAMPTZ,
    UNIQUE (account_id, platform_item_id)
);
CREATE INDEX inbox_messages_conversation ON inbox_messages (conversation_id, created_at, id);
CREATE INDEX inbox_messages_unread ON inbox_messages (conversation_id) WHERE read_at IS NULL;

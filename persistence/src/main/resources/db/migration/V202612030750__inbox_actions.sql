-- Inbox actions (issue 8, ADR 0020): what the API was asked to do to an inbox item, performed by
-- the inbox-ingestor through the platform's connector. The row is the action's whole record: the
-- gateway inserts it pending with its command in the outbox; the ingestor stamps attempted_at
-- before the platform call (the at-most-once marker) and records the outcome before it
-- acknowledges the command.
CREATE TABLE inbox_actions (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT        NOT NULL REFERENCES workspaces (id),
    account_id          TEXT        NOT NULL REFERENCES accounts (id),
    platform            TEXT        NOT NULL,
    item_kind           TEXT        NOT NULL CHECK (item_kind IN ('comment', 'conversation', 'review')),
    item_id             TEXT        NOT NULL,
    action              TEXT        NOT NULL CHECK (action IN ('reply', 'hide', 'unhide', 'like', 'unlike',
                                        'delete', 'private_reply', 'send_message', 'reply_to_review',
                                        'delete_review_reply')),
    text                TEXT,
    status              TEXT        NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'completed', 'failed')),
    attempts            INTEGER     NOT NULL DEFAULT 0,
    attempted_at        TIMESTAMPTZ,
    platform_result_id  TEXT,
    result_item_id      TEXT,
    error_code          TEXT,
    error_message       TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at        TIMESTAMPTZ
);
CREATE INDEX inbox_actions_item ON inbox_actions (item_id, created_at);

-- The flags every inbox item shows; replies the account wrote through the API are comments too.
ALTER TABLE inbox_comments
    ADD COLUMN liked       BOOLEAN     NOT NULL DEFAULT false,
    ADD COLUMN read_at     TIMESTAMPTZ,
    ADD COLUMN deleted_at  TIMESTAMPTZ,
    ADD COLUMN by_account  BOOLEAN     NOT NULL DEFAULT false;
CREATE INDEX inbox_comments_parent ON inbox_comments (parent_id, created_at) WHERE parent_id IS NOT NULL;

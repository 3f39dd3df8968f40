-- Unpublish (issue 6): a published target a person asked to delete keeps status 'published' until
-- the platform confirms the delete ('deleted'); the request, its retries and its failure live in
-- their own columns so the publish step columns keep one meaning. Pending = requested, still
-- 'published', no delete_error_code.
ALTER TABLE post_targets
    ADD COLUMN delete_requested_at  TIMESTAMPTZ,
    ADD COLUMN delete_next_at       TIMESTAMPTZ,
    ADD COLUMN delete_attempts      INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN delete_error_code    TEXT,
    ADD COLUMN delete_error_message TEXT,
    ADD COLUMN deleted_at           TIMESTAMPTZ;

-- The scheduler claims delete retries that fell due, like waiting publish steps.
CREATE INDEX post_targets_delete_next ON post_targets (delete_next_at)
    WHERE status = 'published' AND delete_next_at IS NOT NULL;

-- Metrics (issue 6): each target's counters as its platform last reported them.
CREATE TABLE post_target_metrics (
    target_id    TEXT PRIMARY KEY REFERENCES post_targets (id) ON DELETE CASCADE,
    workspace_id TEXT        NOT NULL REFERENCES workspaces (id),
    counters     JSONB       NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL
);

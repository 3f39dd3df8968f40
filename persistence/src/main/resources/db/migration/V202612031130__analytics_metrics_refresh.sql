-- Analytics (issue 8). The metrics refresher in the publisher-worker keeps published targets'
-- counters in post_target_metrics fresh: metrics_next_at is when a target is next read (NULL:
-- never read by the refresher, due at once). The claim sets it ahead before any platform call, so
-- it doubles as the lease: a second instance skips the row (FOR UPDATE SKIP LOCKED) and then finds
-- it not due.
ALTER TABLE post_targets ADD COLUMN metrics_next_at TIMESTAMPTZ;

-- The refresher's claim: published targets by age.
CREATE INDEX post_targets_published_recent ON post_targets (published_at)
    WHERE status = 'published';

-- GET /v1/analytics: a workspace's copies published in a period (deleted ones were published too).
CREATE INDEX post_targets_workspace_published ON post_targets (workspace_id, published_at)
    WHERE published_at IS NOT NULL;

-- Account insights (followers, reach) where the platform reports them: one snapshot per read.
ALTER TABLE accounts ADD COLUMN insights_next_at TIMESTAMPTZ;

CREATE TABLE account_insight_snapshots (
    account_id   TEXT        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    workspace_id TEXT        NOT NULL REFERENCES workspaces (id),
    captured_at  TIMESTAMPTZ NOT NULL,
    followers    BIGINT,
    reach        BIGINT,
    counters     JSONB       NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, captured_at)
);

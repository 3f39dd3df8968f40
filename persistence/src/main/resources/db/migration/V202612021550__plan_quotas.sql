-- Plan quotas (see the gateway's dev.omnipost.gateway.quotas). A workspace's limits are its plan's
-- (settings omnipost.quotas.plans.<plan>.*) except where an operator overrode one here.
CREATE TABLE workspace_quota_overrides (
    workspace_id  TEXT        NOT NULL REFERENCES workspaces (id),
    quota         TEXT        NOT NULL,
    limit_value   BIGINT      NOT NULL CHECK (limit_value >= 0),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, quota)
);

-- What a workspace used of each quota. Monthly quotas (posts, AI credits) have one row per
-- calendar month in UTC, period 'YYYY-MM', so a new month starts at 0 without any job; standing
-- quotas (media bytes, webhook endpoints, API keys) have one row, period 'total'. Every change is
-- a guarded statement in the transaction of the effect it counts (... WHERE used + n <= limit).
-- announced_percent is the highest threshold (80, 100) already announced with a
-- usage.limit_reached event for this row, so each threshold is announced once per period.
CREATE TABLE workspace_usage (
    workspace_id       TEXT        NOT NULL REFERENCES workspaces (id),
    quota              TEXT        NOT NULL,
    period             TEXT        NOT NULL,
    used               BIGINT      NOT NULL DEFAULT 0 CHECK (used >= 0),
    announced_percent  SMALLINT    NOT NULL DEFAULT 0,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, quota, period)
);

-- Standing quotas start from what workspaces already hold.
INSERT INTO workspace_usage (workspace_id, quota, period, used)
SELECT w.id, 'media_storage_bytes', 'total',
       COALESCE((SELECT sum(m.size_bytes) FROM media m WHERE m.workspace_id = w.id), 0)
FROM workspaces w;
INSERT INTO workspace_usage (workspace_id, quota, period, used)
SELECT w.id, 'webhook_endpoints', 'total',
       (SELECT count(*) FROM webhook_endpoints e WHERE e.workspace_id = w.id)
FROM workspaces w;
INSERT INTO workspace_usage (workspace_id, quota, period, used)
SELECT w.id, 'api_keys', 'total',
       (SELECT count(*) FROM api_keys k WHERE k.workspace_id = w.id AND k.revoked_at IS NULL)
FROM workspaces w;

-- AI credits were a balance that never reset (ai_credits_remaining, now unused); they are the
-- monthly quota ai_credits_per_month. A generation remembers the period its credits were counted
-- in, so the ai-worker's refund of a failed one gives them back to that period.
ALTER TABLE ai_generations ADD COLUMN credits_period TEXT;
COMMENT ON COLUMN workspaces.ai_credits_remaining IS
    'Unused since plan quotas: see workspace_usage (quota ai_credits_per_month)';
COMMENT ON COLUMN workspaces.posts_per_month IS
    'Unused: limits come from the plan settings and workspace_quota_overrides';

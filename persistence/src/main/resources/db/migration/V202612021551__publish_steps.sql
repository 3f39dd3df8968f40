-- Publishing as durable steps (issue 6): what a connector's publish flow has done so far, when the
-- scheduler should run its next step, the marker of a create whose answer may have been lost, and
-- the lease of the worker running a step right now.
ALTER TABLE post_targets
    ADD COLUMN step_state         JSONB,
    ADD COLUMN next_check_at      TIMESTAMPTZ,
    ADD COLUMN step_attempt       TEXT,
    ADD COLUMN step_attempt_at    TIMESTAMPTZ,
    ADD COLUMN lease_until        TIMESTAMPTZ,
    ADD COLUMN transient_failures INTEGER NOT NULL DEFAULT 0;

-- The scheduler claims waiting steps that fell due, like due targets.
CREATE INDEX post_targets_next_check ON post_targets (next_check_at)
    WHERE status = 'publishing' AND next_check_at IS NOT NULL;

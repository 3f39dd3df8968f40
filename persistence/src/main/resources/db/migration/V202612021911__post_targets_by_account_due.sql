-- Finding an account's next free queue slot reads the due times of its live targets; without this
-- it scans every waiting target of every account (post_targets_due is by due time only).
CREATE INDEX post_targets_account_due ON post_targets (account_id, due_at);

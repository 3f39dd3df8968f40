-- Requests per minute: a key's own limit wins over its workspace's (plan) limit; when both are
-- null the gateway's configured default applies.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER CHECK (rate_limit_per_minute > 0);
ALTER TABLE workspaces ADD COLUMN rate_limit_per_minute INTEGER CHECK (rate_limit_per_minute > 0);

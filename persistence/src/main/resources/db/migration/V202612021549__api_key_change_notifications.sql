-- Gateways cache API key lookups. Whenever a key changes in a way that matters to authentication
-- (revoked, expiry, scopes, brands, rate limit) or disappears, its hash is announced on
-- omnipost_api_keys, so every gateway instance forgets it as soon as the change commits (NOTIFY is
-- delivered at commit). A change to a workspace's rate limit announces '*': forget every key.
-- last_used_at changes announce nothing (it is written often and authentication ignores it).

CREATE FUNCTION omnipost_notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('omnipost_api_keys', OLD.key_hash);
    IF TG_OP = 'UPDATE' AND NEW.key_hash IS DISTINCT FROM OLD.key_hash THEN
        PERFORM pg_notify('omnipost_api_keys', NEW.key_hash);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_changed
    AFTER UPDATE ON api_keys
    FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
       OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
       OR OLD.scopes IS DISTINCT FROM NEW.scopes
       OR OLD.brand_ids IS DISTINCT FROM NEW.brand_ids
       OR OLD.rate_limit_per_minute IS DISTINCT FROM NEW.rate_limit_per_minute
       OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
       OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
    EXECUTE FUNCTION omnipost_notify_api_key_change();

CREATE TRIGGER api_keys_deleted
    AFTER DELETE ON api_keys
    FOR EACH ROW
    EXECUTE FUNCTION omnipost_notify_api_key_change();

CREATE FUNCTION omnipost_notify_workspace_rate_limit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('omnipost_api_keys', '*');
    RETURN NULL;
END;
$$;

CREATE TRIGGER workspaces_rate_limit_changed
    AFTER UPDATE ON workspaces
    FOR EACH ROW
    WHEN (OLD.rate_limit_per_minute IS DISTINCT FROM NEW.rate_limit_per_minute)
    EXECUTE FUNCTION omnipost_notify_workspace_rate_limit_change();

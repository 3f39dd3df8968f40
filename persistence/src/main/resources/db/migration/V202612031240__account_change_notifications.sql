-- Gateways cache what POST /v1/posts reads of an account (workspace, brand, platform, status and
-- the names of its settings; ADR 35). Whenever one of those changes, or the account disappears, its
-- id is announced on omnipost_accounts, so every gateway instance forgets it as soon as the change
-- commits (NOTIFY is delivered at commit). Token refreshes and sync bookkeeping announce nothing.

CREATE FUNCTION omnipost_notify_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('omnipost_accounts', OLD.id);
    IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
        PERFORM pg_notify('omnipost_accounts', NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER accounts_changed
    AFTER UPDATE ON accounts
    FOR EACH ROW
    WHEN (OLD.id IS DISTINCT FROM NEW.id
       OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
       OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
       OR OLD.platform IS DISTINCT FROM NEW.platform
       OR OLD.status IS DISTINCT FROM NEW.status
       OR OLD.settings IS DISTINCT FROM NEW.settings)
    EXECUTE FUNCTION omnipost_notify_account_change();

CREATE TRIGGER accounts_deleted
    AFTER DELETE ON accounts
    FOR EACH ROW
    EXECUTE FUNCTION omnipost_notify_account_change();

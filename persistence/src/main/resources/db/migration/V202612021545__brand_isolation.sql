-- Brands: an agency's clients inside a workspace. A brand-restricted API key (api_keys.brand_ids)
-- sees and acts only on what belongs to its brands; these columns say what belongs to which.

ALTER TABLE brands ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- Keyset pagination of GET /v1/brands walks (created_at DESC, id DESC).
CREATE INDEX brands_workspace_created ON brands (workspace_id, created_at DESC, id DESC);

CREATE INDEX accounts_brand ON accounts (brand_id) WHERE brand_id IS NOT NULL;

-- NULL = workspace-wide: visible to unrestricted keys only.
-- Deleting a brand turns its media workspace-wide (DELETE /v1/brands/{id} refuses while accounts or
-- webhook endpoints still belong to it).
ALTER TABLE media ADD COLUMN brand_id TEXT REFERENCES brands (id) ON DELETE SET NULL;
ALTER TABLE webhook_endpoints ADD COLUMN brand_id TEXT REFERENCES brands (id);
-- The brands of the key that asked for the generation (NULL: an unrestricted key); a restricted
-- key sees a generation only when all of these are among its own brands.
ALTER TABLE ai_generations ADD COLUMN brand_ids TEXT[];

-- The brands an event of the log is about, resolved from its subject at read time (so an account
-- that moves to another brand takes its history with it). NULL when the subject has no brand or
-- the event type is not tied to one (usage.*, export.*): such events are for unrestricted keys
-- only. A post belongs to the brands of all of its targets' accounts. Shared by the gateway
-- (GET /v1/events) and the webhook-dispatcher (brand-bound endpoints), so both decide alike.
CREATE FUNCTION event_brand_ids(ws TEXT, event_type TEXT, subject_id TEXT) RETURNS TEXT[]
LANGUAGE sql STABLE AS $$
    SELECT CASE split_part(event_type, '.', 1)
        WHEN 'post' THEN (
            SELECT array_agg(DISTINCT a.brand_id)
            FROM post_targets t JOIN accounts a ON a.id = t.account_id
            WHERE t.workspace_id = ws AND t.post_id = subject_id)
        WHEN 'account' THEN (
            SELECT ARRAY[a.brand_id] FROM accounts a WHERE a.workspace_id = ws AND a.id = subject_id)
        WHEN 'comment' THEN (
            SELECT ARRAY[a.brand_id]
            FROM inbox_comments c JOIN accounts a ON a.id = c.account_id
            WHERE c.workspace_id = ws AND c.id = subject_id)
        WHEN 'media' THEN (
            SELECT ARRAY[m.brand_id] FROM media m WHERE m.workspace_id = ws AND m.id = subject_id)
        WHEN 'webhook' THEN (
            SELECT ARRAY[e.brand_id]
            FROM webhook_endpoints e WHERE e.workspace_id = ws AND e.id = subject_id)
        WHEN 'ai' THEN (
            SELECT g.brand_ids FROM ai_generations g WHERE g.workspace_id = ws AND g.id = subject_id)
    END
$$;

-- Whether something whose brands are `owned` is visible to a key restricted to `allowed`: it has
-- at least one brand, and every one of them (none NULL) is allowed.
CREATE FUNCTION brands_within(owned TEXT[], allowed TEXT[]) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
    SELECT owned IS NOT NULL AND cardinality(owned) > 0
        AND array_position(owned, NULL) IS NULL AND owned <@ allowed
$$;

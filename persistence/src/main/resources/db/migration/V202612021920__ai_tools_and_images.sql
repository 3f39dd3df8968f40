-- The writing tools (rewrite, hashtags, thread, ideas, optimize, compose) run through the same
-- generation flow as POST /v1/ai/generate; tool says which one a row is. prompt holds the tool's
-- input (the prompt, the text to rewrite/split/optimize, or the topic of the ideas).
ALTER TABLE ai_generations
    ADD COLUMN tool TEXT NOT NULL DEFAULT 'generate'
        CHECK (tool IN ('generate', 'compose', 'rewrite', 'hashtags', 'thread', 'ideas', 'optimize')),
    -- how many hashtags or ideas were asked for
    ADD COLUMN item_count INTEGER,
    -- the structured part of an answer: {"items": [...]} (hashtags, thread posts, ideas) or
    -- {"findings": [...]} (optimize)
    ADD COLUMN result JSONB,
    -- images: the size the gateway chose for the platform (or the request's size)
    ADD COLUMN image_width INTEGER,
    ADD COLUMN image_height INTEGER,
    -- the brand the generated image's media row gets (NULL: workspace-wide)
    ADD COLUMN media_brand_id TEXT REFERENCES brands (id) ON DELETE SET NULL,
    -- the PNG the ai-worker produced, held only until the gateway stores it in the media library
    -- (then NULL and media_id set): media files are written by the gateway alone
    ADD COLUMN image_png BYTEA,
    ADD COLUMN media_id TEXT REFERENCES media (id) ON DELETE SET NULL,
    -- why the image could not be stored in the media library (quota.exceeded); it stays in image_png
    ADD COLUMN media_error TEXT;

-- The ai-worker's sweeper looks for generations pending too long.
CREATE INDEX ai_generations_pending ON ai_generations (created_at) WHERE status = 'pending';

-- GET /v1/posts?sort=scheduled_at walks (COALESCE(scheduled_at, created_at) DESC, id DESC): a post
-- that published at once, or a draft without a planned time, sorts at its creation. The
-- expression must stay exactly the one dev.omnipost.gateway.posts.PostSort queries with.
CREATE INDEX posts_workspace_scheduled
    ON posts (workspace_id, (COALESCE(scheduled_at, created_at)) DESC, id DESC);

-- Reviews of the workspaces' businesses (issue 8, ADR 0028): Google Business Profile reviews and
-- Facebook Page ratings, stored once per platform review and announced once (review.received).
-- A later sync refreshes what can change on the platform (text, rating, the business's reply);
-- a reply sent through the API is written here when its action completes.
CREATE TABLE inbox_reviews (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT        NOT NULL REFERENCES workspaces (id),
    account_id          TEXT        NOT NULL REFERENCES accounts (id),
    platform            TEXT        NOT NULL,
    platform_review_id  TEXT        NOT NULL,
    author_name         TEXT,
    rating              SMALLINT    CHECK (rating BETWEEN 1 AND 5),
    text                TEXT        NOT NULL DEFAULT '',
    reply_text          TEXT,
    reply_updated_at    TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    received_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (account_id, platform_review_id)
);
CREATE INDEX inbox_reviews_workspace ON inbox_reviews (workspace_id, created_at DESC, id DESC);

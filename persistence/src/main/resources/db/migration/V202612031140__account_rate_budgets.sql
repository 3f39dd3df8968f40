-- The platform's remaining rate budget per account, as its rate headers last said it (written by
-- the publisher worker each time a connector reports them; read by GET /v1/accounts/{id}/limits).
CREATE TABLE account_rate_budgets (
    account_id  TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    remaining   INTEGER     NOT NULL,
    resets_at   TIMESTAMPTZ,
    observed_at TIMESTAMPTZ NOT NULL
);

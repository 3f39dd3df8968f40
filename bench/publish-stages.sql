-- Where a published target's time went, from the timestamps PostgreSQL keeps (issue 6, BENCHMARKS.md):
--   psql -h localhost -p <postgres port> -U postgres omnipost -v pattern="'e2e-%'" -f bench/publish-stages.sql
-- due       = the later of accepted (post_targets.created_at) and scheduled (due_at)
-- claim     = claimed_at - due             (scheduler: poll/NOTIFY wait and claim transaction)
-- relay     = outbox.sent_at - claimed_at  (the command's outbox row waiting for the relay and Kafka's ack)
-- publish   = published_at - sent_at       (Kafka to the consumer, the account's lane, the steps with the
--                                            platform call, the result transaction)
-- total     = published_at - due
-- The command's outbox row is the one the claim wrote in the same transaction (same now(), same key).
WITH t AS (
  SELECT t.id, greatest(t.created_at, coalesce(t.due_at, t.created_at)) AS due, t.claimed_at,
         t.published_at,
         (SELECT min(o.sent_at) FROM outbox o
           WHERE o.topic = 'omnipost.publish-commands' AND o.message_key = t.account_id
             AND o.created_at = t.claimed_at) AS sent_at
  FROM post_targets t
  WHERE t.text LIKE :pattern AND t.status = 'published'
), s AS (
  SELECT 'claim' AS stage, 1 AS ord, extract(epoch FROM claimed_at - due) * 1000 AS ms FROM t
  UNION ALL SELECT 'relay', 2, extract(epoch FROM sent_at - claimed_at) * 1000 FROM t
  UNION ALL SELECT 'publish', 3, extract(epoch FROM published_at - sent_at) * 1000 FROM t
  UNION ALL SELECT 'total', 4, extract(epoch FROM published_at - due) * 1000 FROM t
)
SELECT stage, count(ms) AS targets,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS p50_ms,
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS p90_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS p99_ms,
       round(max(ms)::numeric, 1) AS max_ms
FROM s GROUP BY stage, ord ORDER BY ord;

package dev.omnipost.publisher.publishing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the platform's remaining rate budget per account as its rate headers last said it ({@code
 * account_rate_budgets}), for {@code GET /v1/accounts/{id}/limits}. Bookkeeping only: a failed
 * write is logged, never fails the step that reported it.
 */
public class RateBudgetLog implements AccountPacer.BudgetObserver {

  private static final Logger log = LoggerFactory.getLogger(RateBudgetLog.class);

  private final JdbcClient jdbc;
  private final Clock clock;

  public RateBudgetLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void observed(String accountId, int remaining, Instant resetsAt) {
    try {
      jdbc.sql(
              "INSERT INTO account_rate_budgets (account_id, remaining, resets_at, observed_at)"
                  + " SELECT id, :remaining, :resets, :now FROM accounts WHERE id = :id"
                  + " ON CONFLICT (account_id) DO UPDATE SET remaining = EXCLUDED.remaining,"
                  + " resets_at = EXCLUDED.resets_at, observed_at = EXCLUDED.observed_at")
          .param("id", accountId)
          .param("remaining", Math.max(0, remaining))
          .param("resets", resetsAt == null ? null : Timestamp.from(resetsAt))
          .param("now", Timestamp.from(clock.instant()))
          .update();
    } catch (RuntimeException e) {
      log.warn("could not record the rate budget of account {}: {}", accountId, e.toString());
    }
  }
}

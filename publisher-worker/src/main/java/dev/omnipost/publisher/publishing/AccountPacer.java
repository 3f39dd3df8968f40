package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.steps.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces each account by its platform's rate budget, so Omnipost never causes a 429 itself: a fixed
 * window per account counting steps against the documented budget (less a reserve), tightened by
 * what the platform's own rate headers say ({@link #observe}). A step over budget is not run: the
 * worker schedules it for when the window reopens.
 */
public class AccountPacer {

  /** Calls kept back from every budget, for lookups and for other clients of the same token. */
  static final int RESERVE = 2;

  /** Told every budget the platform reports, before pacing uses it. */
  @FunctionalInterface
  public interface BudgetObserver {
    void observed(String accountId, int remaining, Instant resetsAt);
  }

  private final Clock clock;
  private final BudgetObserver observer;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public AccountPacer(Clock clock) {
    this(clock, (id, remaining, resetsAt) -> {});
  }

  public AccountPacer(Clock clock, BudgetObserver observer) {
    this.clock = clock;
    this.observer = observer;
  }

  /** Zero when the account may make a step now (and counts it), else how long to wait. */
  public Duration reserve(String accountId, RateBudget budget) {
    if (budget.isUnlimited()) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    Duration[] wait = {Duration.ZERO};
    windows.compute(
        accountId,
        (id, current) -> {
          Window window =
              current == null || !now.isBefore(current.endsAt())
                  ? new Window(now.plus(budget.window()), 0, null)
                  : current;
          if (window.blockedUntil() != null && now.isBefore(window.blockedUntil())) {
            wait[0] = Duration.between(now, window.blockedUntil());
            return window;
          }
          if (window.used() >= Math.max(1, budget.calls() - RESERVE)) {
            wait[0] = Duration.between(now, window.endsAt());
            return window;
          }
          return new Window(window.endsAt(), window.used() + 1, null);
        });
    return wait[0];
  }

  /** The platform says {@code remaining} calls are left until {@code resetsAt}. */
  public void observe(String accountId, int remaining, Instant resetsAt) {
    observer.observed(accountId, remaining, resetsAt);
    if (remaining > RESERVE) {
      return;
    }
    windows.compute(
        accountId,
        (id, current) -> {
          Window window = current == null ? new Window(resetsAt, 0, null) : current;
          return new Window(window.endsAt(), window.used(), resetsAt);
        });
  }

  private record Window(Instant endsAt, int used, Instant blockedUntil) {}
}

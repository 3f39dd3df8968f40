package dev.omnipost.connectors.steps;

import java.time.Duration;

/**
 * How many calls one account may make per window on its platform (PLATFORMS.md), which the worker
 * paces each account by; the platform's rate headers (see {@link StepContext#rateLimit}) refine it.
 */
public record RateBudget(int calls, Duration window) {

  public RateBudget {
    if (calls < 1 || window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate budget needs calls >= 1 and a positive window");
    }
  }

  /** No documented per-account limit: the worker does not pace the account. */
  public static RateBudget unlimited() {
    return new RateBudget(Integer.MAX_VALUE, Duration.ofSeconds(1));
  }

  public boolean isUnlimited() {
    return calls == Integer.MAX_VALUE;
  }
}

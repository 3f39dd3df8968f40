package dev.omnipost.connectors.insights;

import java.time.Instant;
import java.util.Map;

/**
 * An account's audience as its platform reports it right now: {@code followers}, the day's {@code
 * reach} where the platform measures it (null otherwise), and whatever else it counts ({@code
 * following}, {@code posts}, ...).
 */
public record AccountInsights(
    Long followers, Long reach, Map<String, Long> counters, Instant fetchedAt) {

  public AccountInsights {
    counters = counters == null ? Map.of() : Map.copyOf(counters);
  }
}

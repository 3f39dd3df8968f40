package dev.omnipost.connectors.steps;

import java.time.Instant;
import java.util.Map;

/**
 * A published post's counters as its platform reports them ({@link Counted}: e.g. {@code likes},
 * {@code comments}, {@code shares}, {@code impressions}, {@code views}; only those the platform
 * has), or {@link Unsupported}.
 */
public sealed interface MetricsResult permits MetricsResult.Counted, MetricsResult.Unsupported {

  record Counted(Map<String, Long> counters, Instant fetchedAt) implements MetricsResult {

    public Counted {
      counters = Map.copyOf(counters);
    }
  }

  record Unsupported(String reason) implements MetricsResult {}
}

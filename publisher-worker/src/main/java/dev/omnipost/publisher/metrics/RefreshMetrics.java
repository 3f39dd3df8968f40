package dev.omnipost.publisher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code omnipost.publisher.metrics.reads{platform, outcome}}: copies' counters read by the
 * refresher ({@code counted}, {@code paced}, {@code unsupported}, {@code failed}, {@code
 * auth_expired}, {@code skipped}); {@code omnipost.publisher.account_insights.snapshots{platform,
 * outcome}}: account snapshots ({@code captured}, {@code paced}, {@code failed}).
 */
public class RefreshMetrics {

  private final MeterRegistry registry;

  public RefreshMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void read(String platform, String outcome) {
    Counter.builder("omnipost.publisher.metrics.reads")
        .description("Post metrics reads by the refresher")
        .tag("platform", platform)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void snapshot(String platform, String outcome) {
    Counter.builder("omnipost.publisher.account_insights.snapshots")
        .description("Account insight snapshots by the refresher")
        .tag("platform", platform)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}

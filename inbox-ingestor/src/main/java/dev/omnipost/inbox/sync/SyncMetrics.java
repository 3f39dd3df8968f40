package dev.omnipost.inbox.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.inbox.comments.ingested} (new comments, by platform), {@code
 * omnipost.inbox.sync.duration} (one account's sync, by platform and outcome) and {@code
 * omnipost.inbox.sync.failures} (by platform and reason).
 */
@Component
class SyncMetrics {

  private final MeterRegistry registry;

  SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void ingested(String platform, int count) {
    Counter.builder("omnipost.inbox.comments.ingested")
        .description("New comments stored in the inbox")
        .tag("platform", platform)
        .register(registry)
        .increment(count);
  }

  void mentionsIngested(String platform, int count) {
    Counter.builder("omnipost.inbox.mentions.ingested")
        .description("New mentions stored in the inbox")
        .tag("platform", platform)
        .register(registry)
        .increment(count);
  }

  void reviewsIngested(String platform, int count) {
    Counter.builder("omnipost.inbox.reviews.ingested")
        .description("New reviews stored in the inbox")
        .tag("platform", platform)
        .register(registry)
        .increment(count);
  }

  void messagesIngested(String platform, int count) {
    Counter.builder("omnipost.inbox.messages.ingested")
        .description("New direct messages from other people stored in the inbox")
        .tag("platform", platform)
        .register(registry)
        .increment(count);
  }

  void synced(String platform, String outcome, Duration duration) {
    Timer.builder("omnipost.inbox.sync.duration")
        .description("Time to sync one account's comments")
        .tag("platform", platform)
        .tag("outcome", outcome)
        .register(registry)
        .record(duration);
  }

  void failed(String platform, String reason) {
    Counter.builder("omnipost.inbox.sync.failures")
        .description("Account syncs that failed")
        .tag("platform", platform)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}

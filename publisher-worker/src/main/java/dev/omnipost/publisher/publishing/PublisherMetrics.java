package dev.omnipost.publisher.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The publishing consumer's business metrics, tagged by platform. */
class PublisherMetrics {

  private final MeterRegistry registry;

  PublisherMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void published(String platform) {
    Counter.builder("omnipost.publisher.targets.published")
        .description("Post targets published")
        .tag("platform", platform)
        .register(registry)
        .increment();
  }

  void failed(String platform, String errorCode) {
    Counter.builder("omnipost.publisher.targets.failed")
        .description("Post targets that failed for good")
        .tag("platform", platform)
        .tag("error_code", errorCode)
        .register(registry)
        .increment();
  }

  void publishCall(String platform, String outcome, Duration duration) {
    Timer.builder("omnipost.publisher.publish.duration")
        .description("Time of one platform publish call, successful or not")
        .tag("platform", platform)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  /**
   * How long a published target took from falling due (accepted for now, or its scheduled time) to
   * being stored as published: the operator's end-to-end view of one platform.
   */
  void timeToPublish(String platform, Duration sinceDue) {
    Timer.builder("omnipost.publisher.time_to_publish")
        .description("Time from a target falling due to it being published")
        .tag("platform", platform)
        .publishPercentileHistogram()
        .register(registry)
        .record(sinceDue.isNegative() ? Duration.ZERO : sinceDue);
  }

  /**
   * A create left in doubt was looked up on the platform; {@code answer}: Found, NotCreated,
   * Unknown.
   */
  void reconciled(String platform, String answer) {
    Counter.builder("omnipost.publisher.lookups")
        .description("Platform lookups of creates whose outcome was lost")
        .tag("platform", platform)
        .tag("answer", answer)
        .register(registry)
        .increment();
  }

  /** A step was put off because the account's rate budget was spent. */
  void paced(String platform) {
    Counter.builder("omnipost.publisher.steps.paced")
        .description("Steps deferred to stay inside the account's rate budget")
        .tag("platform", platform)
        .register(registry)
        .increment();
  }
}

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
}

package dev.omnipost.dispatcher.delivery;

import dev.omnipost.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The dispatcher's business metrics: attempts by outcome ({@code omnipost.webhooks.deliveries}),
 * how long attempts take ({@code omnipost.webhooks.attempt.duration}) and how many are in flight
 * ({@code omnipost.webhooks.in_flight}).
 */
@Component
class DeliveryMetrics {

  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String RETRYING = "retrying";
  static final String BLOCKED = "blocked";

  private final Map<String, Counter> outcomes;
  private final Timer duration;
  private final Counter deadLetters;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final MeterRegistry registry;

  DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.outcomes =
        Map.of(
            SUCCEEDED, counter(registry, SUCCEEDED),
            FAILED, counter(registry, FAILED),
            RETRYING, counter(registry, RETRYING),
            BLOCKED, counter(registry, BLOCKED));
    this.duration =
        Timer.builder("omnipost.webhooks.attempt.duration")
            .description("Time from sending a webhook attempt to its answer or error")
            .publishPercentileHistogram()
            .register(registry);
    registry.gauge("omnipost.webhooks.in_flight", inFlight);
    this.deadLetters =
        Counter.builder("omnipost.kafka.dead_letters")
            .description("Messages that reached a dead-letter topic, by topic")
            .tag("topic", Topics.WEBHOOK_DELIVERIES + "-dlt")
            .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("omnipost.webhooks.deliveries")
        .description("Webhook delivery attempts by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(String outcome, long durationMillis) {
    inFlight.decrementAndGet();
    duration.record(Duration.ofMillis(durationMillis));
    outcomes.get(outcome).increment();
  }

  void finishedWithoutAttempt() {
    inFlight.decrementAndGet();
  }

  /**
   * A delivery parked in PostgreSQL: {@code in_flight_bound}, {@code throttled} or {@code slow}.
   */
  void parked(String reason) {
    Counter.builder("omnipost.webhooks.parked")
        .description("Webhook deliveries parked in PostgreSQL instead of holding a Kafka record")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void deadLettered() {
    deadLetters.increment();
  }

  void failedWithoutAttempt() {
    outcomes.get(FAILED).increment();
  }
}

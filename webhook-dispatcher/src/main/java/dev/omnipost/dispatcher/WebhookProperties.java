package dev.omnipost.dispatcher;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dispatcher's settings ({@code omnipost.webhooks.*}); defaults suit the local stack. Which
 * networks webhooks may reach is the egress guard's setting ({@code
 * omnipost.egress.allowed-networks}, {@link dev.omnipost.egress.EgressProperties}).
 *
 * @param connectTimeout TCP connect bound per attempt (at most 5 s)
 * @param requestTimeout whole-attempt bound, connect to last response byte (at most 30 s)
 * @param retryDelays base delay before each retry; one retry topic per entry, then the DLT
 * @param retryJitter extra random fraction (0..1) added to each delay, never subtracted
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer answers are capped
 * @param responseBodyLimit bytes of each response body kept in the attempt log
 * @param fanoutConcurrency consumers of the events topic
 * @param deliveryConcurrency consumers of the deliveries topic; one per partition isolates best
 * @param retryConcurrency consumers of each retry topic and of the dead-letter topic
 * @param maxInFlightPerEndpoint attempts in flight to one endpoint at once (per dispatcher)
 * @param maxWaitingPerEndpoint attempts that wait in memory for one endpoint's next free slot (per
 *     dispatcher) while that endpoint's attempts keep ending; beyond it, and for endpoints that
 *     stopped answering or have a throttle, deliveries park (ADR 0041)
 * @param maxWaiting attempts waiting in all endpoints' lines together (per dispatcher), which
 *     bounds the memory the lines hold; beyond it, deliveries park
 * @param maxWaitInLine how long an attempt waits in its endpoint's line before it parks
 * @param parkAfter how long an attempt may hold its Kafka record before the delivery is parked in
 *     PostgreSQL and the record committed (isolation of slow endpoints, ADR 0015)
 * @param parkedPollInterval how often parked deliveries that are due are picked up
 * @param disableAfter an endpoint whose every attempt failed for this long is disabled
 * @param deletedRetention how long a deleted endpoint's deliveries stay readable
 * @param loadRetryDelay the first wait before loading a delivery again when PostgreSQL was
 *     unreachable; it doubles each time
 * @param loadRetryMaxDelay the longest of those waits
 * @param loadRetryWindow how long a delivery's load is tried again before its Kafka record fails to
 *     the next retry tier
 */
@ConfigurationProperties("omnipost.webhooks")
public record WebhookProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration requestTimeout,
    @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retryDelays,
    @DefaultValue("0.2") double retryJitter,
    @DefaultValue("1h") Duration maxRetryAfter,
    @DefaultValue("4096") int responseBodyLimit,
    @DefaultValue("3") int fanoutConcurrency,
    @DefaultValue("6") int deliveryConcurrency,
    @DefaultValue("2") int retryConcurrency,
    @DefaultValue("16") int maxInFlightPerEndpoint,
    @DefaultValue("2000") int maxWaitingPerEndpoint,
    @DefaultValue("20000") int maxWaiting,
    @DefaultValue("30s") Duration maxWaitInLine,
    @DefaultValue("500ms") Duration parkAfter,
    @DefaultValue("500ms") Duration parkedPollInterval,
    @DefaultValue("5d") Duration disableAfter,
    @DefaultValue("30d") Duration deletedRetention,
    @DefaultValue("250ms") Duration loadRetryDelay,
    @DefaultValue("5s") Duration loadRetryMaxDelay,
    @DefaultValue("2m") Duration loadRetryWindow) {

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_KAFKA_DELAY = Duration.ofHours(24);

  public WebhookProperties {
    if (connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
      throw new IllegalArgumentException("omnipost.webhooks.connect-timeout must be at most 5s");
    }
    if (requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
      throw new IllegalArgumentException("omnipost.webhooks.request-timeout must be at most 30s");
    }
    if (retryDelays.stream().anyMatch(d -> d.isNegative() || d.compareTo(MAX_KAFKA_DELAY) >= 0)) {
      throw new IllegalArgumentException("omnipost.webhooks.retry-delays must each be under 24h");
    }
    if (retryJitter < 0 || retryJitter > 1) {
      throw new IllegalArgumentException("omnipost.webhooks.retry-jitter must be between 0 and 1");
    }
    if (maxInFlightPerEndpoint < 1) {
      throw new IllegalArgumentException(
          "omnipost.webhooks.max-in-flight-per-endpoint must be at least 1");
    }
    if (maxWaitingPerEndpoint < 0 || maxWaiting < 0) {
      throw new IllegalArgumentException(
          "omnipost.webhooks.max-waiting-per-endpoint and max-waiting must not be negative");
    }
    if (maxWaitInLine.isNegative()) {
      throw new IllegalArgumentException("omnipost.webhooks.max-wait-in-line must not be negative");
    }
    if (disableAfter.isNegative() || disableAfter.isZero()) {
      throw new IllegalArgumentException("omnipost.webhooks.disable-after must be positive");
    }
    retryDelays = List.copyOf(retryDelays);
  }

  /** How long a parked attempt's lease lasts: past it, the attempt is presumed lost. */
  public Duration attemptLease() {
    return requestTimeout.plus(connectTimeout).plusSeconds(5);
  }

  /** Attempts in total: the first one plus one per retry delay. */
  public int maxAttempts() {
    return retryDelays.size() + 1;
  }
}

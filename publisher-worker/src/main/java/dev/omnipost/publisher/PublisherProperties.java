package dev.omnipost.publisher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the publisher-worker ({@code omnipost.publisher.*}); the defaults suit the local
 * stack.
 *
 * @param schedulerEnabled whether this instance runs the due-target claimer loop
 * @param pollInterval how long the claimer waits for a NOTIFY before looking for due targets anyway
 * @param batchSize targets claimed per transaction
 * @param stuckAfter a target in {@code publishing} whose claim is older than this is considered
 *     lost
 * @param reconcileInterval how often the reconciler looks for lost targets
 * @param retry schedule of the attempts after transient platform failures
 * @param stepLease how long a worker holds a target while it runs its steps; a lease that runs out
 *     (its worker died) lets the reconciler resume the target
 * @param maxInFlight targets publishing at the same time in this instance (threads making platform
 *     calls); each account's targets still run one after another
 * @param maxQueued commands accepted from Kafka but not finished, beyond which the consumer waits
 */
@ConfigurationProperties("omnipost.publisher")
public record PublisherProperties(
    @DefaultValue("true") boolean schedulerEnabled,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("100") int batchSize,
    @DefaultValue("5m") Duration stuckAfter,
    @DefaultValue("1m") Duration reconcileInterval,
    @DefaultValue Retry retry,
    @DefaultValue("2m") Duration stepLease,
    @DefaultValue("256") int maxInFlight,
    @DefaultValue("10000") int maxQueued) {

  /**
   * Exponential backoff between attempts of one target: {@code initialDelay}, then times {@code
   * multiplier}, never more than {@code maxDelay}.
   *
   * @param attempts platform calls per target in total (first try included)
   */
  public record Retry(
      @DefaultValue("4") int attempts,
      @DefaultValue("1s") Duration initialDelay,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("30s") Duration maxDelay) {

    /** The wait after failed attempt number {@code attempt} (1-based) before the next one. */
    public Duration delayAfterAttempt(int attempt) {
      double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
      return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
  }
}

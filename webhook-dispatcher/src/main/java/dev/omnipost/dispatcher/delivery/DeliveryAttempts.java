package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.events.commands.DeliverWebhook;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs one attempt of a stored delivery: admit it through the endpoint's gate (in-flight bound,
 * throttle), vet the URL, sign and send, classify the answer, store the attempt.
 *
 * <p>On the Kafka path the returned future completes once the attempt is stored: normally when the
 * delivery is settled (succeeded, or failed for good), exceptionally with a {@link
 * RetryableDeliveryFailure} when a retry topic should carry it on. It also completes normally, so
 * the record is committed, once the delivery is parked in PostgreSQL: when the gate refuses it, or
 * when the attempt is still running after {@code park-after} (then a lease is parked, the attempt
 * goes on, and its retries are swept from PostgreSQL). So no endpoint holds a Kafka record, and the
 * deliveries behind it, for longer than {@code park-after} (ADR 0015).
 */
@Component
class DeliveryAttempts {

  private static final String MARK_FAILED =
      """
      UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now()
      WHERE id = :id AND status IN ('pending', 'retrying')
      """;

  private static final String MANUAL = "manual";

  private final DeliveryLoader loader;
  private final WebhookSender sender;
  private final AttemptRecorder recorder;
  private final EgressGuard egressGuard;
  private final EndpointSecrets endpointSecrets;
  private final RetrySchedule schedule;
  private final DeliveryMetrics metrics;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final EndpointGate gate;
  private final DeliveryParking parking;
  private final Duration parkAfter;
  private final TraceContexts traces;

  DeliveryAttempts(
      DeliveryLoader loader,
      WebhookSender sender,
      AttemptRecorder recorder,
      EgressGuard egressGuard,
      EndpointSecrets endpointSecrets,
      RetrySchedule schedule,
      DeliveryMetrics metrics,
      JdbcClient jdbc,
      Clock clock,
      EndpointGate gate,
      DeliveryParking parking,
      WebhookProperties properties,
      TraceContexts traces) {
    this.traces = traces;
    this.loader = loader;
    this.sender = sender;
    this.recorder = recorder;
    this.egressGuard = egressGuard;
    this.endpointSecrets = endpointSecrets;
    this.schedule = schedule;
    this.metrics = metrics;
    this.jdbc = jdbc;
    this.clock = clock;
    this.gate = gate;
    this.parking = parking;
    this.parkAfter = properties.parkAfter();
  }

  /**
   * Attempts the delivery a command names; a settled or unknown delivery is left alone, except by a
   * manual attempt, which may resend any delivery.
   */
  public CompletableFuture<Void> attempt(DeliverWebhook command) {
    return attempt(command, null);
  }

  /**
   * As {@link #attempt(DeliverWebhook)}, in a span continuing {@code traceparent} (the command
   * record's); the request to the endpoint carries that span's {@code traceparent} (ADR 26).
   */
  public CompletableFuture<Void> attempt(DeliverWebhook command, String traceparent) {
    String trigger = trigger(command.trigger());
    Span span = traces.start("webhook delivery", traceparent);
    span.tag("delivery_id", command.deliveryId()).tag("trigger", trigger);
    String ours = traces.of(span);
    String sent = ours != null ? ours : traceparent;
    return loader
        .load(command.deliveryId())
        .thenCompose(
            found ->
                found
                    .filter(d -> d.workspaceId().equals(command.workspaceId()))
                    .filter(d -> MANUAL.equals(trigger) || !d.isSettled())
                    .map(d -> run(d, trigger, false, sent))
                    .orElse(CompletableFuture.completedFuture(null)))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                span.error(e);
              }
              span.end();
            });
  }

  /** Attempts a parked delivery the sweeper claimed; its retries stay parked. */
  CompletableFuture<Void> attemptParked(String deliveryId, String parkedTrigger) {
    String trigger = trigger(parkedTrigger);
    return loader
        .load(deliveryId)
        .thenCompose(
            found -> {
              if (found.isEmpty() || (!MANUAL.equals(trigger) && found.get().isSettled())) {
                parking.clear(deliveryId);
                return CompletableFuture.completedFuture(null);
              }
              return run(found.get(), trigger, true, null);
            });
  }

  /** After the last retry: the delivery has failed for good (the DLT handler calls this). */
  public void giveUp(String deliveryId) {
    if (jdbc.sql(MARK_FAILED).param("id", deliveryId).update() == 1) {
      metrics.failedWithoutAttempt();
    }
  }

  private static String trigger(String requested) {
    return MANUAL.equals(requested) ? MANUAL : "scheduled";
  }

  private CompletableFuture<Void> run(
      PendingDelivery delivery, String trigger, boolean parked, String traceparent) {
    EndpointGate.Admission admission =
        gate.enter(delivery.endpointId(), delivery.rateLimitPerSecond());
    if (admission instanceof EndpointGate.Refused refused) {
      metrics.parked(refused.reason());
      return parking.park(delivery.id(), clock.instant().plus(refused.retryIn()), trigger);
    }
    EndpointGate.Permit permit = (EndpointGate.Permit) admission;
    metrics.started();
    int attemptNumber = delivery.attempts() + 1;
    InFlight inFlight = new InFlight(parked);
    CompletableFuture<Void> stored =
        // no throttle slot to wait for: send from this thread, without a hop to a timer
        (permit.delay().isZero()
                ? Mono.defer(() -> send(delivery, traceparent))
                : Mono.delay(permit.delay()).then(Mono.defer(() -> send(delivery, traceparent))))
            .doFinally(signal -> permit.release())
            .toFuture()
            .thenCompose(
                outcome -> {
                  inFlight.timer.dispose();
                  CompletableFuture<Void> leased = inFlight.finish();
                  boolean parkedNow = leased != null;
                  CompletableFuture<Void> before =
                      parkedNow ? leased : CompletableFuture.completedFuture(null);
                  return before.thenCompose(
                      v -> store(delivery, attemptNumber, trigger, outcome, parkedNow).toFuture());
                })
            .whenComplete(
                (v, e) -> {
                  if (e != null && RetryableDeliveryFailure.find(e) == null) {
                    metrics.finishedWithoutAttempt();
                  }
                });
    if (parked) {
      return stored;
    }
    inFlight.timer =
        Mono.delay(parkAfter)
            .subscribe(
                tick -> {
                  if (inFlight.startParking()) {
                    metrics.parked("slow");
                    CompletableFuture<Void> lease =
                        parking.park(delivery.id(), parking.leaseFrom(clock.instant()), trigger);
                    inFlight.leased(lease);
                    lease.whenComplete(
                        (v, e) -> {
                          if (e == null) {
                            inFlight.kafka.complete(null);
                          } else {
                            inFlight.kafka.completeExceptionally(e);
                          }
                        });
                  }
                });
    stored.whenComplete(
        (v, e) -> {
          if (!inFlight.isParking()) {
            if (e == null) {
              inFlight.kafka.complete(null);
            } else {
              inFlight.kafka.completeExceptionally(e);
            }
          }
        });
    return inFlight.kafka;
  }

  /**
   * Who answers the Kafka record of an attempt in flight: the stored attempt, or, once the attempt
   * has outlasted {@code park-after}, the parked lease. Exactly one of the two wins.
   */
  private static final class InFlight {
    private final CompletableFuture<Void> kafka = new CompletableFuture<>();
    private final AtomicInteger state; // 0 running, 1 parking, 2 finished on the Kafka path
    private volatile CompletableFuture<Void> lease;
    private volatile Disposable timer = () -> {};

    InFlight(boolean parked) {
      this.state = new AtomicInteger(parked ? 1 : 0);
      this.lease = parked ? CompletableFuture.completedFuture(null) : null;
    }

    boolean startParking() {
      return state.compareAndSet(0, 1);
    }

    boolean isParking() {
      return state.get() == 1;
    }

    void leased(CompletableFuture<Void> write) {
      this.lease = write;
    }

    /** Null: the attempt finished first and answers the record; else the lease to wait for. */
    CompletableFuture<Void> finish() {
      if (state.compareAndSet(0, 2)) {
        return null;
      }
      // parking started: wait for its lease write so the attempt's own state is written last
      while (lease == null) {
        Thread.onSpinWait();
      }
      return lease;
    }
  }

  private Mono<HttpOutcome> send(PendingDelivery delivery, String traceparent) {
    if (!delivery.endpointEnabled()) {
      return Mono.just(HttpOutcome.failed("endpoint_disabled", "the endpoint is disabled", 0));
    }
    URI url;
    try {
      url = URI.create(delivery.url());
    } catch (IllegalArgumentException e) {
      return Mono.just(HttpOutcome.failed("invalid_url", e.getMessage(), 0));
    }
    try {
      // the form only; the sender's client vets the addresses it resolves and connects to
      egressGuard.checkForm(url);
    } catch (EgressBlockedException e) {
      return Mono.just(HttpOutcome.failed(HttpOutcome.SSRF_BLOCKED, e.getMessage(), 0));
    }
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    return sender.send(url, delivery.eventId(), body, secrets(delivery), traceparent);
  }

  private List<String> secrets(PendingDelivery delivery) {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(endpointSecrets.current(delivery.endpointId(), delivery.secretEnc()));
    if (delivery.previousSecretEnc() != null
        && delivery.previousSecretExpiresAt() != null
        && delivery.previousSecretExpiresAt().isAfter(clock.instant())) {
      secrets.add(endpointSecrets.previous(delivery.endpointId(), delivery.previousSecretEnc()));
    }
    return secrets;
  }

  private Mono<Void> store(
      PendingDelivery delivery,
      int attemptNumber,
      String trigger,
      HttpOutcome outcome,
      boolean parked) {
    // a manual attempt is one attempt: it never starts a retry schedule
    boolean retryable =
        !MANUAL.equals(trigger)
            && !outcome.succeeded()
            && !outcome.gone()
            && (outcome.statusCode() != null || isTransient(outcome.errorClass()));
    String status;
    String metric;
    Instant next = null;
    String disableReason = null;
    if (outcome.succeeded()) {
      status = DeliveryMetrics.SUCCEEDED;
      metric = DeliveryMetrics.SUCCEEDED;
    } else if (outcome.gone()) {
      status = DeliveryMetrics.FAILED;
      metric = DeliveryMetrics.FAILED;
      disableReason = "The endpoint answered 410 Gone";
    } else if (!retryable) {
      status = DeliveryMetrics.FAILED;
      metric = outcome.blocked() ? DeliveryMetrics.BLOCKED : DeliveryMetrics.FAILED;
    } else {
      next =
          schedule.nextAttemptAt(attemptNumber, clock.instant(), outcome.retryAfter()).orElse(null);
      status = next == null ? DeliveryMetrics.FAILED : DeliveryMetrics.RETRYING;
      metric = status;
    }
    AttemptRecord record =
        new AttemptRecord(
            delivery, attemptNumber, trigger, outcome, status, next, disableReason, parked);
    // on the Kafka path a retryable failure, even the last, goes on through the retry topics (the
    // last to the DLT); a parked delivery's retry waits in PostgreSQL (parked_until = next)
    Mono<Void> afterStored =
        retryable && !parked
            ? Mono.error(new RetryableDeliveryFailure(delivery.id(), describe(outcome), next))
            : Mono.empty();
    return Mono.fromFuture(() -> recorder.record(record))
        .doOnSuccess(v -> metrics.finished(metric, outcome.durationMillis()))
        .then(afterStored);
  }

  private static boolean isTransient(String errorClass) {
    return errorClass != null
        && !errorClass.equals(HttpOutcome.SSRF_BLOCKED)
        && !errorClass.equals("invalid_url")
        && !errorClass.equals("endpoint_disabled");
  }

  private static String describe(HttpOutcome outcome) {
    return outcome.statusCode() != null ? "HTTP " + outcome.statusCode() : outcome.errorClass();
  }
}

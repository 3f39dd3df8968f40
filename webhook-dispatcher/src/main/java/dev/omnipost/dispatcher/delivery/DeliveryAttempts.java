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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * goes on, and its retries are swept from PostgreSQL). So no attempt holds a Kafka record for
 * longer than {@code park-after} (ADR 0015). Before it starts, an attempt may wait in its
 * endpoint's line while that endpoint keeps answering; the line of an endpoint that stops answering
 * is dissolved within two {@code park-after}s of its last ended attempt, and its deliveries park
 * (ADR 0041).
 */
@Component
class DeliveryAttempts {

  private static final String MARK_FAILED =
      """
      UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now()
      WHERE id = :id AND status IN ('pending', 'retrying')
      """;

  private static final String MANUAL = "manual";

  /** The span of one attempt, first or parked (ADR 26, ADR 30). */
  static final String SPAN = "webhook delivery";

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
    AttemptSpan span = new AttemptSpan(traces.start(SPAN, traceparent));
    span.tag("delivery_id", command.deliveryId()).tag("trigger", trigger).tag("parked", "false");
    String sent = sentTraceparent(span.span, traceparent);
    return span.endIfFailed(
        loader
            .load(command.deliveryId())
            .thenCompose(
                found ->
                    found
                        .filter(d -> d.workspaceId().equals(command.workspaceId()))
                        .filter(d -> MANUAL.equals(trigger) || !d.isSettled())
                        .map(d -> run(d, trigger, false, sent, span))
                        .orElseGet(
                            () -> {
                              span.tag("outcome", "settled").end(null);
                              return CompletableFuture.completedFuture(null);
                            })));
  }

  /**
   * Attempts a parked delivery the sweeper claimed; its retries stay parked. The attempt is a
   * {@code webhook delivery} span (tag {@code parked}) continuing {@code traceparent}, the trace of
   * the attempt that parked it (ADR 30).
   */
  CompletableFuture<Void> attemptParked(
      String deliveryId, String parkedTrigger, String traceparent) {
    String trigger = trigger(parkedTrigger);
    AttemptSpan span = new AttemptSpan(traces.start(SPAN, traceparent));
    span.tag("delivery_id", deliveryId).tag("trigger", trigger).tag("parked", "true");
    String sent = sentTraceparent(span.span, traceparent);
    return span.endIfFailed(
        loader
            .load(deliveryId)
            .thenCompose(
                found -> {
                  if (found.isEmpty() || (!MANUAL.equals(trigger) && found.get().isSettled())) {
                    span.tag("outcome", "settled").end(null);
                    parking.clear(deliveryId);
                    return CompletableFuture.completedFuture(null);
                  }
                  return run(found.get(), trigger, true, sent, span);
                }));
  }

  /** The traceparent the endpoint receives: the attempt span's, else the one it continues. */
  private String sentTraceparent(Span span, String traceparent) {
    String ours = traces.of(span);
    return ours != null ? ours : traceparent;
  }

  /**
   * The span of one attempt, ended once: when the attempt is stored, parked or found settled, not
   * when its Kafka record is released (a slow attempt releases it at {@code park-after}).
   */
  private static final class AttemptSpan {
    private final Span span;
    private final AtomicBoolean ended = new AtomicBoolean();

    AttemptSpan(Span span) {
      this.span = span;
    }

    AttemptSpan tag(String key, String value) {
      span.tag(key, value);
      return this;
    }

    void end(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        if (failure != null) {
          span.error(failure);
        }
        span.end();
      }
    }

    /** {@code attempt}, ending the span if it fails before the attempt ended it. */
    CompletableFuture<Void> endIfFailed(CompletableFuture<Void> attempt) {
      return attempt.whenComplete(
          (v, e) -> {
            if (e != null) {
              end(e);
            }
          });
    }

    /** {@code step}, ending the span when it completes. */
    CompletableFuture<Void> endWith(CompletableFuture<Void> step) {
      return step.whenComplete((v, e) -> end(e));
    }
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
      PendingDelivery delivery,
      String trigger,
      boolean parked,
      String traceparent,
      AttemptSpan span) {
    span.tag("endpoint_id", delivery.endpointId()).tag("event_type", delivery.eventType());
    return admitted(
        // a parked attempt holds a lease, which a wait in line could outlast: it parks again
        gate.enter(delivery.endpointId(), delivery.rateLimitPerSecond(), !parked),
        delivery,
        trigger,
        parked,
        traceparent,
        span);
  }

  /**
   * Attempts with a permit, parks when refused, or waits in the endpoint's line until it is handed
   * a permit or the line refuses it (then the delivery parks).
   */
  private CompletableFuture<Void> admitted(
      EndpointGate.Admission admission,
      PendingDelivery delivery,
      String trigger,
      boolean parked,
      String traceparent,
      AttemptSpan span) {
    if (admission instanceof EndpointGate.Waiting waiting) {
      return waiting
          .admission()
          .thenCompose(next -> admitted(next, delivery, trigger, parked, traceparent, span));
    }
    if (admission instanceof EndpointGate.Refused refused) {
      metrics.parked(refused.reason());
      span.tag("outcome", "parked_" + refused.reason());
      return span.endWith(
          parking.park(
              delivery.id(), clock.instant().plus(refused.retryIn()), trigger, traceparent));
    }
    return attempt((EndpointGate.Permit) admission, delivery, trigger, parked, traceparent, span);
  }

  /**
   * Sends and stores one attempt. On the Kafka path the record is answered when the attempt is
   * stored, or, if that has not happened {@code park-after} after it started, once a lease is
   * parked.
   */
  private CompletableFuture<Void> attempt(
      EndpointGate.Permit permit,
      PendingDelivery delivery,
      String trigger,
      boolean parked,
      String traceparent,
      AttemptSpan span) {
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
                  span.tag("outcome", outcomeTag(outcome));
                  if (outcome.statusCode() != null) {
                    span.tag("http.response.status_code", String.valueOf(outcome.statusCode()));
                  }
                  return before.thenCompose(
                      v -> store(delivery, attemptNumber, trigger, outcome, parkedNow).toFuture());
                })
            .whenComplete(
                (v, e) -> {
                  if (e != null && RetryableDeliveryFailure.find(e) == null) {
                    metrics.finishedWithoutAttempt();
                  }
                  span.end(e);
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
                        parking.park(
                            delivery.id(),
                            parking.leaseFrom(clock.instant()),
                            trigger,
                            traceparent);
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

  /** The span's outcome: succeeded, or the error class / HTTP status class of the failure. */
  private static String outcomeTag(HttpOutcome outcome) {
    if (outcome.succeeded()) {
      return DeliveryMetrics.SUCCEEDED;
    }
    if (outcome.statusCode() != null) {
      return "http_" + (outcome.statusCode() / 100) + "xx";
    }
    return outcome.errorClass() == null ? DeliveryMetrics.FAILED : outcome.errorClass();
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

package dev.omnipost.dispatcher.delivery;

import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.events.commands.DeliverWebhook;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs one attempt of a stored delivery: vet the URL, sign and send, classify the answer, store the
 * attempt. The returned future completes once the attempt is stored: normally when the delivery is
 * settled (succeeded, or failed for good), exceptionally with a {@link RetryableDeliveryFailure}
 * when a retry topic should carry it on.
 */
@Component
class DeliveryAttempts {

  private static final String MARK_FAILED =
      """
      UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now()
      WHERE id = :id AND status IN ('pending', 'retrying')
      """;

  private final DeliveryLoader loader;
  private final WebhookSender sender;
  private final AttemptRecorder recorder;
  private final EgressGuard egressGuard;
  private final SecretCipher cipher;
  private final RetrySchedule schedule;
  private final DeliveryMetrics metrics;
  private final JdbcClient jdbc;
  private final Clock clock;

  DeliveryAttempts(
      DeliveryLoader loader,
      WebhookSender sender,
      AttemptRecorder recorder,
      EgressGuard egressGuard,
      SecretCipher cipher,
      RetrySchedule schedule,
      DeliveryMetrics metrics,
      JdbcClient jdbc,
      Clock clock) {
    this.loader = loader;
    this.sender = sender;
    this.recorder = recorder;
    this.egressGuard = egressGuard;
    this.cipher = cipher;
    this.schedule = schedule;
    this.metrics = metrics;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Attempts the delivery a command names; a settled or unknown delivery is left alone. */
  public CompletableFuture<Void> attempt(DeliverWebhook command) {
    String trigger = "manual".equals(command.trigger()) ? "manual" : "scheduled";
    return Mono.fromFuture(() -> loader.load(command.deliveryId()))
        .flatMap(
            found ->
                found
                    .filter(d -> !d.isSettled() && d.workspaceId().equals(command.workspaceId()))
                    .map(d -> attempt(d, trigger))
                    .orElse(Mono.empty()))
        .then()
        .toFuture();
  }

  /** After the last retry: the delivery has failed for good (the DLT handler calls this). */
  public void giveUp(String deliveryId) {
    if (jdbc.sql(MARK_FAILED).param("id", deliveryId).update() == 1) {
      metrics.failedWithoutAttempt();
    }
  }

  private Mono<Void> attempt(PendingDelivery delivery, String trigger) {
    metrics.started();
    int attemptNumber = delivery.attempts() + 1;
    return send(delivery)
        .flatMap(outcome -> store(delivery, attemptNumber, trigger, outcome))
        .doOnError(
            e -> {
              if (RetryableDeliveryFailure.find(e) == null) {
                metrics.finishedWithoutAttempt();
              }
            });
  }

  private Mono<HttpOutcome> send(PendingDelivery delivery) {
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
    return sender.send(url, delivery.eventId(), body, secrets(delivery));
  }

  private List<String> secrets(PendingDelivery delivery) {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(
        cipher.decrypt(
            delivery.secretEnc(), SecretColumn.WEBHOOK_SECRET.of(delivery.endpointId())));
    if (delivery.previousSecretEnc() != null
        && delivery.previousSecretExpiresAt() != null
        && delivery.previousSecretExpiresAt().isAfter(clock.instant())) {
      secrets.add(
          cipher.decrypt(
              delivery.previousSecretEnc(),
              SecretColumn.WEBHOOK_PREVIOUS_SECRET.of(delivery.endpointId())));
    }
    return secrets;
  }

  private Mono<Void> store(
      PendingDelivery delivery, int attemptNumber, String trigger, HttpOutcome outcome) {
    boolean retryable =
        !outcome.succeeded()
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
        new AttemptRecord(delivery, attemptNumber, trigger, outcome, status, next, disableReason);
    // a retryable failure, even the last, goes on through the retry topics (the last to the DLT)
    Mono<Void> afterStored =
        retryable
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

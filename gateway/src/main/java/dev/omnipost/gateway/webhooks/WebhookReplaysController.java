package dev.omnipost.gateway.webhooks;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeliverWebhook;
import dev.omnipost.events.webhooks.WebhookTest;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.webhooks.WebhookViews.EndpointView;
import dev.omnipost.gateway.webhooks.WebhookViews.QueuedAttemptView;
import dev.omnipost.gateway.webhooks.WebhookViews.RecoveryView;
import dev.omnipost.gateway.webhooks.WebhookViews.TestAttemptView;
import dev.omnipost.gateway.webhooks.WebhookViews.TestSendView;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Manual attempts: resend one delivery, recover every failed delivery of a time window, send a
 * test. The gateway never calls an endpoint itself: it queues {@link DeliverWebhook} commands
 * (trigger {@code manual}) through the outbox to the dispatcher, which vets, signs and sends as it
 * does every delivery, so signing and the SSRF guard's pinning stay in one place. A manual attempt
 * that fails is not retried on the schedule.
 */
@RestController
class WebhookReplaysController {

  static final int MAX_TEST_WAIT_SECONDS = 35;
  private static final int DEFAULT_TEST_WAIT_SECONDS = 30;
  private static final int EXCERPT_LENGTH = 500;
  private static final Duration POLL = Duration.ofMillis(100);

  private final DatabaseClient db;
  private final WebhookEndpoints endpoints;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final WebhookEventCatalogue catalogue;
  private final Clock clock;

  WebhookReplaysController(
      DatabaseClient db,
      WebhookEndpoints endpoints,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions,
      WebhookEventCatalogue catalogue,
      ObjectProvider<Clock> clock) {
    this.db = db;
    this.endpoints = endpoints;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = gatewayTransactions;
    this.catalogue = catalogue;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** Any delivery of the endpoint, whatever its status, again now with the same webhook-id. */
  @PostMapping("/v1/webhooks/{id}/deliveries/{delivery_id}/retry")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Envelope<QueuedAttemptView>> retry(
      Caller caller, @PathVariable String id, @PathVariable("delivery_id") String deliveryId) {
    return enabledEndpoint(caller, id)
        .then(
            db.sql(
                    "SELECT event_id FROM webhook_deliveries"
                        + " WHERE workspace_id = :ws AND endpoint_id = :endpoint AND id = :id")
                .bind("ws", caller.workspaceId())
                .bind("endpoint", id)
                .bind("id", deliveryId)
                .map(row -> row.get("event_id", String.class))
                .one()
                .switchIfEmpty(
                    Mono.error(() -> ApiException.notFound("webhook delivery", deliveryId))))
        .flatMap(
            eventId ->
                outbox
                    .append(Topics.WEBHOOK_DELIVERIES, id, manual(caller, id, deliveryId))
                    .as(transactions::transactional)
                    .thenReturn(
                        Envelope.of(new QueuedAttemptView(deliveryId, eventId, "pending"))));
  }

  /** {@code {"since", "until"?}}: every failed delivery created in [since, until) once more. */
  @PostMapping("/v1/webhooks/{id}/recover")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Envelope<RecoveryView>> recover(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    // another workspace's endpoint is 404 whatever the body says
    return enabledEndpoint(caller, id).then(Mono.defer(() -> recoverWindow(caller, id, body)));
  }

  private Mono<Envelope<RecoveryView>> recoverWindow(Caller caller, String id, JsonNode body) {
    WebhookRules.Window window =
        WebhookRules.window(text(body, "since"), text(body, "until"), true);
    Instant until = window.until() != null ? window.until() : clock.instant();
    if (!window.since().isBefore(until)) {
      throw ApiException.invalid(
          "request.invalid_window", "since must be in the past", Map.of("field", "since"));
    }
    Mono<Envelope<RecoveryView>> recovery =
        db.sql(
                """
                SELECT id FROM webhook_deliveries
                WHERE workspace_id = :ws AND endpoint_id = :endpoint AND status = 'failed'
                  AND created_at >= :since AND created_at < :until
                ORDER BY created_at, id
                """)
            .bind("ws", caller.workspaceId())
            .bind("endpoint", id)
            .bind("since", window.since().atOffset(ZoneOffset.UTC))
            .bind("until", until.atOffset(ZoneOffset.UTC))
            .map(row -> row.get("id", String.class))
            .all()
            .collectList()
            .flatMap(
                ids ->
                    outbox
                        .appendAll(
                            ids.stream()
                                .map(
                                    d ->
                                        OutboxMessage.to(
                                            Topics.WEBHOOK_DELIVERIES, id, manual(caller, id, d)))
                                .toList())
                        .thenReturn(
                            Envelope.of(new RecoveryView(ids.size(), window.since(), until))))
            .as(transactions::transactional);
    return recovery;
  }

  /**
   * {@code {"event_type"?, "wait"?}}: sends {@code webhook.test} (or the catalogue's example of the
   * given type) now, and answers 200 with the attempt once the dispatcher stored it, or 202 with
   * the delivery to look up if it takes longer than {@code wait} seconds (default 30, at most 35:
   * above the dispatcher's longest attempt).
   */
  @PostMapping("/v1/webhooks/{id}/test")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<ResponseEntity<Envelope<TestSendView>>> test(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    String type = WebhookRules.eventType("event_type", text(body, "event_type"));
    String eventType = type == null ? WebhookTest.TYPE : type;
    Duration wait = testWait(body);
    String deliveryId = Ids.newId("dlv");
    String eventId = Ids.newId("evt");
    return enabledEndpoint(caller, id)
        .flatMap(
            endpoint ->
                db.sql(
                        """
                        INSERT INTO webhook_deliveries
                            (id, workspace_id, endpoint_id, event_id, event_type, payload)
                        VALUES (:id, :ws, :endpoint, :event, :type, :payload)
                        """)
                    .bind("id", deliveryId)
                    .bind("ws", caller.workspaceId())
                    .bind("endpoint", id)
                    .bind("event", eventId)
                    .bind("type", eventType)
                    .bind("payload", testPayload(endpoint, eventType))
                    .fetch()
                    .rowsUpdated()
                    .then(
                        outbox.append(
                            Topics.WEBHOOK_DELIVERIES, id, manual(caller, id, deliveryId)))
                    .as(transactions::transactional))
        .then(Mono.defer(() -> attemptWithin(deliveryId, wait)))
        .map(
            attempt ->
                ResponseEntity.ok(
                    Envelope.of(
                        new TestSendView(
                            deliveryId,
                            eventId,
                            eventType,
                            attempt.succeeded() ? "succeeded" : "failed",
                            attempt))))
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(
                            Envelope.of(
                                new TestSendView(
                                    deliveryId, eventId, eventType, "pending", null)))));
  }

  private Mono<TestAttemptView> attemptWithin(String deliveryId, Duration wait) {
    if (wait.isZero()) {
      return Mono.empty();
    }
    Mono<TestAttemptView> stored =
        db.sql(
                """
                SELECT status_code, duration_ms, response_body, error_class
                FROM webhook_delivery_attempts WHERE delivery_id = :id ORDER BY id DESC LIMIT 1
                """)
            .bind("id", deliveryId)
            .map(
                row -> {
                  Integer status = row.get("status_code", Integer.class);
                  String response = row.get("response_body", String.class);
                  return new TestAttemptView(
                      status != null && status >= 200 && status < 300,
                      status,
                      row.get("duration_ms", Long.class),
                      response == null || response.length() <= EXCERPT_LENGTH
                          ? response
                          : response.substring(0, EXCERPT_LENGTH),
                      row.get("error_class", String.class));
                })
            .one();
    return Flux.interval(Duration.ZERO, POLL)
        .concatMap(tick -> stored)
        .next()
        .timeout(wait, Mono.empty());
  }

  private String testPayload(EndpointView endpoint, String type) {
    JsonNode data =
        WebhookTest.TYPE.equals(type)
            ? CloudEventCodec.dataMapper()
                .valueToTree(
                    new WebhookTest(endpoint.id(), "A test event sent on request from the API"))
            : catalogue.exampleData(type);
    ObjectNode body = CloudEventCodec.dataMapper().createObjectNode();
    body.put("type", type);
    body.put("timestamp", clock.instant().toString());
    body.set("data", data);
    return CloudEventCodec.dataMapper().writeValueAsString(body);
  }

  private CloudEvent manual(Caller caller, String endpointId, String deliveryId) {
    return codec.wrap(
        new DeliverWebhook(deliveryId, endpointId, caller.workspaceId(), "manual"),
        caller.workspaceId(),
        deliveryId);
  }

  private Mono<EndpointView> enabledEndpoint(Caller caller, String id) {
    return endpoints
        .find(caller, id)
        .flatMap(
            endpoint ->
                endpoint.enabled()
                    ? Mono.just(endpoint)
                    : Mono.error(
                        () ->
                            ApiException.conflict(
                                "webhook.endpoint_disabled",
                                "The endpoint is disabled"
                                    + (endpoint.disabledReason() == null
                                        ? ""
                                        : " (" + endpoint.disabledReason() + ")")
                                    + "; enable it with PATCH first")));
  }

  private static Duration testWait(JsonNode body) {
    if (body == null || !body.has("wait")) {
      return Duration.ofSeconds(DEFAULT_TEST_WAIT_SECONDS);
    }
    JsonNode wait = body.get("wait");
    if (!wait.isIntegralNumber() || wait.asLong() < 0 || wait.asLong() > MAX_TEST_WAIT_SECONDS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "wait must be a whole number of seconds between 0 and " + MAX_TEST_WAIT_SECONDS,
          Map.of("field", "wait", "min", 0, "max", MAX_TEST_WAIT_SECONDS));
    }
    return Duration.ofSeconds(wait.asLong());
  }

  private static String text(JsonNode body, String field) {
    if (body == null || body.isNull() || !body.has(field) || body.get(field).isNull()) {
      return null;
    }
    if (!body.get(field).isString()) {
      throw ApiException.invalid(
          "request.invalid_field", field + " must be a string", Map.of("field", field));
    }
    return body.get(field).asString();
  }
}

package dev.omnipost.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.EventCatalogue;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The endpoint management routes through the real gateway and database: what each stores, the
 * commands it queues for the dispatcher (through the outbox), and the error envelope for bad input
 * and for endpoints the caller may not see. The dispatcher's side (the attempts these commands
 * cause) is tested in the webhook-dispatcher and end to end in the local stack.
 */
class WebhookManagementTests extends GatewayTestSupport {

  @Autowired DatabaseClient db;
  @Autowired SecretCipher cipher;

  @Test
  @SuppressWarnings("unchecked")
  void patchChangesOnlyTheFieldsSent() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", "CRM sync");
    Map<String, Object> changes = new HashMap<>();
    changes.put("description", null);
    changes.put("events", List.of("post.failed"));
    changes.put("rate_limit_per_second", 5);

    Map<String, Object> updated = (Map<String, Object>) ok(patch(tenant, id, changes)).get("data");

    assertThat(updated)
        .containsEntry("url", "https://hooks.example.com/in")
        .containsEntry("events", List.of("post.failed"))
        .containsEntry("rate_limit_per_second", 5)
        .containsEntry("enabled", true)
        .containsEntry("description", null);
    Map<String, Object> disabled =
        (Map<String, Object>) ok(patch(tenant, id, Map.of("enabled", false))).get("data");
    assertThat(disabled).containsEntry("enabled", false).containsKey("disabled_reason");
    assertThat(disabled.get("disabled_reason")).isNotNull();
    db.sql("UPDATE webhook_endpoints SET failing_since = now() WHERE id = :id")
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .block();
    Map<String, Object> enabled =
        (Map<String, Object>)
            ok(patch(tenant, id, Map.of("enabled", true, "url", "http://receiver.example/x")))
                .get("data");
    assertThat(enabled)
        .containsEntry("enabled", true)
        .containsEntry("disabled_reason", null)
        .containsEntry("url", "http://receiver.example/x");
    assertThat(column(id, "failing_since")).isNull();
  }

  @Test
  void patchRejectsBadInputWithTheErrorEnvelope() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);

    expectError(patch(tenant, id, Map.of("url", "http://metadata.example/latest")), 400)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.url_not_allowed")
        .jsonPath("$.error.meta.field")
        .isEqualTo("url");
    expectError(patch(tenant, id, Map.of("url", "ftp://hooks.example.com/")), 400)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.invalid_url");
    expectError(patch(tenant, id, Map.of("secret", "whsec_x")), 400)
        .jsonPath("$.error.code")
        .isEqualTo("request.unknown_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("secret");
    expectError(patch(tenant, id, Map.of()), 400)
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field");
    expectError(patch(tenant, id, Map.of("rate_limit_per_second", 0)), 400)
        .jsonPath("$.error.meta.field")
        .isEqualTo("rate_limit_per_second");
    expectError(patch(tenant, id, Map.of("enabled", "yes")), 400)
        .jsonPath("$.error.meta.field")
        .isEqualTo("enabled");
    expectError(patch(tenant, id, Map.of("events", List.of("post.exploded"))), 400)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.unknown_event_types");
    assertThat(column(id, "url")).isEqualTo("https://hooks.example.com/in");
  }

  @Test
  void everyManagementRouteAnswers404ForAnotherWorkspacesEndpoint() {
    Tenant owner = newTenant();
    Tenant stranger = newTenant();
    String id = create(owner, "https://hooks.example.com/in", null);
    String delivery = seedDelivery(owner, id, "failed", Instant.now());

    expectError(patch(stranger, id, Map.of("enabled", false)), 404)
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    expectError(delete(stranger, id), 404);
    expectError(postJson(stranger, "/v1/webhooks/" + id + "/rotate-secret", Map.of()), 404);
    expectError(postJson(stranger, "/v1/webhooks/" + id + "/test", Map.of("wait", 0)), 404);
    expectError(
        postJson(stranger, "/v1/webhooks/" + id + "/deliveries/" + delivery + "/retry", Map.of()),
        404);
    expectError(
        postJson(
            stranger, "/v1/webhooks/" + id + "/recover", Map.of("since", "2026-01-01T00:00:00Z")),
        404);
    expectError(
        postJson(owner, "/v1/webhooks/whk_unknown/deliveries/" + delivery + "/retry", Map.of()),
        404);
    expectError(
        postJson(owner, "/v1/webhooks/" + id + "/deliveries/dlv_unknown/retry", Map.of()), 404);
    assertThat(column(id, "enabled")).isEqualTo(true);
    assertThat(outboxCommands(delivery)).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void deletingStopsDeliveriesAndKeepsTheHistoryReadable() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    String delivered = seedDelivery(tenant, id, "succeeded", Instant.now());
    String waiting = seedDelivery(tenant, id, "retrying", Instant.now());

    delete(tenant, id).exchange().expectStatus().isNoContent();

    expectError(get(tenant, "/v1/webhooks/" + id), 404);
    assertThat((List<Object>) ok(get(tenant, "/v1/webhooks")).get("data")).isEmpty();
    List<Map<String, Object>> history =
        (List<Map<String, Object>>)
            ok(get(tenant, "/v1/webhooks/" + id + "/deliveries")).get("data");
    assertThat(history).extracting(d -> d.get("id")).containsExactlyInAnyOrder(delivered, waiting);
    ok(get(tenant, "/v1/webhooks/" + id + "/deliveries/" + delivered));
    assertThat(deliveryStatus(waiting)).isEqualTo("failed");
    assertThat(deliveryStatus(delivered)).isEqualTo("succeeded");
    assertThat(column(id, "enabled")).isEqualTo(false);
    expectError(delete(tenant, id), 404);
    expectError(patch(tenant, id, Map.of("enabled", true)), 404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rotatingKeepsThePreviousSecretSigningForTheGracePeriod() {
    Tenant tenant = newTenant();
    Map<String, Object> created = createFull(tenant, "https://hooks.example.com/in");
    String id = (String) created.get("id");
    String oldSecret = (String) created.get("secret");

    Map<String, Object> rotated =
        (Map<String, Object>)
            ok(postJson(tenant, "/v1/webhooks/" + id + "/rotate-secret", Map.of())).get("data");

    String newSecret = (String) rotated.get("secret");
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
    Instant expires = Instant.parse((String) rotated.get("previous_secret_expires_at"));
    assertThat(Duration.between(Instant.now(), expires))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    assertThat(cipher.decrypt(bytes(id, "secret_enc"), SecretColumn.WEBHOOK_SECRET.of(id)))
        .isEqualTo(newSecret);
    assertThat(
            cipher.decrypt(
                bytes(id, "previous_secret_enc"), SecretColumn.WEBHOOK_PREVIOUS_SECRET.of(id)))
        .isEqualTo(oldSecret);
    assertThat((Map<String, Object>) ok(get(tenant, "/v1/webhooks/" + id)).get("data"))
        .doesNotContainKey("secret");

    Map<String, Object> week =
        (Map<String, Object>)
            ok(postJson(
                    tenant,
                    "/v1/webhooks/" + id + "/rotate-secret",
                    Map.of("grace_period", 604800)))
                .get("data");
    assertThat(
            Duration.between(
                Instant.now(), Instant.parse((String) week.get("previous_secret_expires_at"))))
        .isGreaterThan(Duration.ofDays(6));
    Map<String, Object> immediate =
        (Map<String, Object>)
            ok(postJson(tenant, "/v1/webhooks/" + id + "/rotate-secret", Map.of("grace_period", 0)))
                .get("data");
    assertThat(immediate).containsEntry("previous_secret_expires_at", null);
    assertThat(bytes(id, "previous_secret_enc")).isNull();
  }

  @Test
  void rejectsAGracePeriodOutOfRange() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    byte[] secretBefore = bytes(id, "secret_enc");

    for (Object grace : List.of(-1, 604801, "24h")) {
      expectError(
              postJson(
                  tenant, "/v1/webhooks/" + id + "/rotate-secret", Map.of("grace_period", grace)),
              400)
          .jsonPath("$.error.meta.field")
          .isEqualTo("grace_period");
    }
    assertThat(bytes(id, "secret_enc")).isEqualTo(secretBefore);
  }

  @Test
  @SuppressWarnings("unchecked")
  void filtersDeliveriesByTypeAndTime() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    Instant now = Instant.now();
    String old = seedDelivery(tenant, id, "failed", now.minus(Duration.ofDays(2)));
    String recent = seedDelivery(tenant, id, "failed", now.minus(Duration.ofHours(1)));
    String other =
        seedDelivery(tenant, id, "succeeded", now.minus(Duration.ofHours(1)), "post.failed");

    List<Map<String, Object>> inDay =
        (List<Map<String, Object>>)
            ok(get(
                    tenant,
                    "/v1/webhooks/" + id + "/deliveries?since=" + now.minus(Duration.ofDays(1))))
                .get("data");
    List<Map<String, Object>> byType =
        (List<Map<String, Object>>)
            ok(get(tenant, "/v1/webhooks/" + id + "/deliveries?event_type=post.failed"))
                .get("data");
    List<Map<String, Object>> beforeDay =
        (List<Map<String, Object>>)
            ok(get(
                    tenant,
                    "/v1/webhooks/"
                        + id
                        + "/deliveries?status=failed&until="
                        + now.minus(Duration.ofDays(1))))
                .get("data");

    assertThat(inDay).extracting(d -> d.get("id")).containsExactlyInAnyOrder(recent, other);
    assertThat(byType).extracting(d -> d.get("id")).containsExactly(other);
    assertThat(beforeDay).extracting(d -> d.get("id")).containsExactly(old);
    expectError(
            get(
                tenant,
                "/v1/webhooks/"
                    + id
                    + "/deliveries?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z"),
            400)
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_window");
    expectError(get(tenant, "/v1/webhooks/" + id + "/deliveries?since=yesterday"), 400)
        .jsonPath("$.error.meta.field")
        .isEqualTo("since");
    expectError(get(tenant, "/v1/webhooks/" + id + "/deliveries?event_type=post.exploded"), 400)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.unknown_event_types");
  }

  @Test
  @SuppressWarnings("unchecked")
  void retryQueuesAManualAttemptOfAnyDelivery() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    String delivered = seedDelivery(tenant, id, "succeeded", Instant.now());

    Map<String, Object> queued =
        (Map<String, Object>)
            accepted(
                    postJson(
                        tenant,
                        "/v1/webhooks/" + id + "/deliveries/" + delivered + "/retry",
                        Map.of()))
                .get("data");

    assertThat(queued).containsEntry("delivery_id", delivered).containsEntry("status", "pending");
    assertThat(queued.get("webhook_id")).isEqualTo(eventIdOf(delivered));
    assertThat(outboxCommands(delivered))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.get("topic")).isEqualTo("omnipost.webhook-deliveries");
              assertThat(c.get("message_key")).isEqualTo(id);
              assertThat((String) c.get("body")).contains("\"trigger\":\"manual\"");
            });
    ok(patch(tenant, id, Map.of("enabled", false)));
    expectError(
            postJson(
                tenant, "/v1/webhooks/" + id + "/deliveries/" + delivered + "/retry", Map.of()),
            409)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.endpoint_disabled");
  }

  @Test
  void manualAttemptsAreQueuedInTheTraceOfTheRequestThatAskedForThem() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    String delivered = seedDelivery(tenant, id, "succeeded", Instant.now());
    String failed = seedDelivery(tenant, id, "failed", Instant.now().minus(Duration.ofHours(1)));
    String retryTrace = "0af7651916cd43dd8448eb211c80319c";
    String recoverTrace = "1af7651916cd43dd8448eb211c80319d";

    postJson(tenant, "/v1/webhooks/" + id + "/deliveries/" + delivered + "/retry", Map.of())
        .header("traceparent", "00-" + retryTrace + "-b7ad6b7169203331-01")
        .exchange()
        .expectStatus()
        .isAccepted();
    postJson(
            tenant,
            "/v1/webhooks/" + id + "/recover",
            Map.of("since", Instant.now().minus(Duration.ofDays(1)).toString()))
        .header("traceparent", "00-" + recoverTrace + "-b7ad6b7169203332-01")
        .exchange()
        .expectStatus()
        .isAccepted();

    // the relay puts them on the command records, which the dispatcher's attempt spans continue
    assertThat(commandTraceparents(delivered))
        .singleElement()
        .asString()
        .matches("00-" + retryTrace + "-[0-9a-f]{16}-01");
    assertThat(commandTraceparents(failed))
        .singleElement()
        .asString()
        .matches("00-" + recoverTrace + "-[0-9a-f]{16}-01");
  }

  @Test
  @SuppressWarnings("unchecked")
  void recoverResendsTheFailedDeliveriesOfTheWindow() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);
    Instant now = Instant.now();
    String before = seedDelivery(tenant, id, "failed", now.minus(Duration.ofDays(3)));
    String failed1 = seedDelivery(tenant, id, "failed", now.minus(Duration.ofHours(5)));
    String failed2 = seedDelivery(tenant, id, "failed", now.minus(Duration.ofHours(2)));
    String succeeded = seedDelivery(tenant, id, "succeeded", now.minus(Duration.ofHours(2)));

    Map<String, Object> recovery =
        (Map<String, Object>)
            accepted(
                    postJson(
                        tenant,
                        "/v1/webhooks/" + id + "/recover",
                        Map.of("since", now.minus(Duration.ofDays(1)).toString())))
                .get("data");

    assertThat(recovery).containsEntry("recovered", 2);
    assertThat(outboxCommands(failed1)).hasSize(1);
    assertThat(outboxCommands(failed2)).hasSize(1);
    assertThat(outboxCommands(before)).isEmpty();
    assertThat(outboxCommands(succeeded)).isEmpty();
    expectError(postJson(tenant, "/v1/webhooks/" + id + "/recover", Map.of()), 400)
        .jsonPath("$.error.meta.field")
        .isEqualTo("since");
    expectError(
            postJson(
                tenant,
                "/v1/webhooks/" + id + "/recover",
                Map.of("since", "2026-12-02T00:00:00Z", "until", "2026-12-01T00:00:00Z")),
            400)
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_window");
    expectError(
            postJson(
                tenant, "/v1/webhooks/" + id + "/recover", Map.of("since", "2999-01-01T00:00:00Z")),
            400)
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_window");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTestIsStoredAsADeliveryAndQueuedForTheDispatcher() {
    Tenant tenant = newTenant();
    String id = create(tenant, "https://hooks.example.com/in", null);

    Map<String, Object> pending =
        (Map<String, Object>)
            accepted(postJson(tenant, "/v1/webhooks/" + id + "/test", Map.of("wait", 0)))
                .get("data");
    Map<String, Object> sample =
        (Map<String, Object>)
            accepted(
                    postJson(
                        tenant,
                        "/v1/webhooks/" + id + "/test",
                        Map.of("event_type", "post.published", "wait", 0)))
                .get("data");

    assertThat(pending)
        .containsEntry("event_type", "webhook.test")
        .containsEntry("status", "pending");
    String delivery = (String) pending.get("delivery_id");
    String payload =
        db.sql("SELECT payload FROM webhook_deliveries WHERE id = :id")
            .bind("id", delivery)
            .map(row -> row.get("payload", String.class))
            .one()
            .block();
    assertThat(payload)
        .contains("\"type\":\"webhook.test\"")
        .contains("\"endpoint_id\":\"" + id + "\"");
    assertThat(outboxCommands(delivery)).hasSize(1);
    assertThat(sample).containsEntry("event_type", "post.published");
    expectError(postJson(tenant, "/v1/webhooks/" + id + "/test", Map.of("event_type", "nope")), 400)
        .jsonPath("$.error.code")
        .isEqualTo("webhook.unknown_event_types");
    expectError(postJson(tenant, "/v1/webhooks/" + id + "/test", Map.of("wait", 99)), 400)
        .jsonPath("$.error.meta.field")
        .isEqualTo("wait");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCatalogueListsEveryTypeWithAnExampleAndMarksWhatNoFlowEmits() {
    Tenant tenant = newTenant();
    Set<String> emitted = WebhookEventCatalogue.emittedTypes().keySet();

    List<Map<String, Object>> entries =
        (List<Map<String, Object>>) ok(get(tenant, "/v1/webhooks/events")).get("data");

    assertThat(entries)
        .extracting(e -> e.get("type"))
        .containsExactlyElementsOf(EventCatalogue.types().keySet());
    assertThat(EventCatalogue.types().keySet()).containsAll(emitted);
    Set<String> reserved = new TreeSet<>(EventCatalogue.types().keySet());
    reserved.removeAll(emitted);
    assertThat(entries)
        .filteredOn(e -> Boolean.TRUE.equals(e.get("reserved")))
        .extracting(e -> (String) e.get("type"))
        .containsExactlyInAnyOrderElementsOf(reserved);
    assertThat(emitted).contains("post.published", "webhook.endpoint.disabled", "webhook.test");
    for (Map<String, Object> entry : entries) {
      Map<String, Object> example = (Map<String, Object>) entry.get("example");
      assertThat(example)
          .containsEntry("type", entry.get("type"))
          .containsKeys("timestamp", "sequence");
      assertThat((Map<String, Object>) example.get("data")).isNotEmpty();
      assertThat((String) entry.get("description")).isNotBlank();
    }
    Map<String, Object> published =
        entries.stream()
            .filter(e -> e.get("type").equals("post.target.published"))
            .findFirst()
            .orElseThrow();
    assertThat((Map<String, Object>) ((Map<String, Object>) published.get("example")).get("data"))
        .containsKeys("post_id", "account_id", "platform", "platform_post_id", "permalink");
  }

  // helpers

  private String create(Tenant tenant, String url, String description) {
    Map<String, Object> body = new HashMap<>();
    body.put("url", url);
    if (description != null) {
      body.put("description", description);
    }
    return (String) createFull(tenant, body).get("id");
  }

  private Map<String, Object> createFull(Tenant tenant, String url) {
    return createFull(tenant, Map.of("url", url));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> createFull(Tenant tenant, Map<String, Object> body) {
    return (Map<String, Object>)
        post(tenant, "/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private WebTestClient.RequestHeadersSpec<?> patch(Tenant tenant, String id, Map<String, ?> body) {
    return http.patch()
        .uri("/v1/webhooks/" + id)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body);
  }

  private WebTestClient.RequestHeadersSpec<?> delete(Tenant tenant, String id) {
    return http.delete()
        .uri("/v1/webhooks/" + id)
        .header("Authorization", "Bearer " + tenant.apiKey());
  }

  private WebTestClient.RequestHeadersSpec<?> postJson(
      Tenant tenant, String uri, Map<String, ?> body) {
    return post(tenant, uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  private static Map<String, Object> ok(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private static Map<String, Object> accepted(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private static WebTestClient.BodyContentSpec expectError(
      WebTestClient.RequestHeadersSpec<?> request, int status) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .jsonPath("$.error.code")
        .exists()
        .jsonPath("$.error.message")
        .exists();
  }

  private Object column(String endpointId, String column) {
    return db.sql("SELECT " + column + " AS v FROM webhook_endpoints WHERE id = :id")
        .bind("id", endpointId)
        .map(row -> java.util.Optional.ofNullable(row.get("v")))
        .one()
        .block()
        .orElse(null);
  }

  private byte[] bytes(String endpointId, String column) {
    return db.sql("SELECT " + column + " AS v FROM webhook_endpoints WHERE id = :id")
        .bind("id", endpointId)
        .map(row -> java.util.Optional.ofNullable(row.get("v", byte[].class)))
        .one()
        .block()
        .orElse(null);
  }

  private String deliveryStatus(String id) {
    return db.sql("SELECT status FROM webhook_deliveries WHERE id = :id")
        .bind("id", id)
        .map(row -> row.get("status", String.class))
        .one()
        .block();
  }

  private String eventIdOf(String id) {
    return db.sql("SELECT event_id FROM webhook_deliveries WHERE id = :id")
        .bind("id", id)
        .map(row -> row.get("event_id", String.class))
        .one()
        .block();
  }

  private List<Map<String, Object>> outboxCommands(String deliveryId) {
    return db.sql(
            """
            SELECT topic, message_key, convert_from(payload, 'UTF8') AS body FROM outbox
            WHERE topic = 'omnipost.webhook-deliveries'
              AND convert_from(payload, 'UTF8') LIKE '%' || :delivery || '%'
            """)
        .bind("delivery", deliveryId)
        .fetch()
        .all()
        .collectList()
        .block();
  }

  private List<String> commandTraceparents(String deliveryId) {
    return db.sql(
            """
            SELECT traceparent FROM outbox
            WHERE topic = 'omnipost.webhook-deliveries'
              AND convert_from(payload, 'UTF8') LIKE '%' || :delivery || '%'
            """)
        .bind("delivery", deliveryId)
        .map(row -> row.get("traceparent", String.class))
        .all()
        .collectList()
        .block();
  }

  private String seedDelivery(Tenant tenant, String endpoint, String status, Instant createdAt) {
    return seedDelivery(tenant, endpoint, status, createdAt, "post.published");
  }

  private String seedDelivery(
      Tenant tenant, String endpoint, String status, Instant createdAt, String type) {
    String id = Ids.newId("dlv");
    db.sql(
            """
            INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type,
                payload, status, attempts, created_at)
            VALUES (:id, :ws, :endpoint, :event, :type, '{"type":"post.published"}', :status, 1,
                :created)
            """)
        .bind("id", id)
        .bind("ws", tenant.workspaceId())
        .bind("endpoint", endpoint)
        .bind("event", Ids.newId("evt"))
        .bind("type", type)
        .bind("status", status)
        .bind("created", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
        .fetch()
        .rowsUpdated()
        .block();
    return id;
  }
}

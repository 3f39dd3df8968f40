package dev.omnipost.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

class WebhooksTests extends GatewayTestSupport {

  @Autowired DatabaseClient db;
  @Autowired SecretCipher cipher;

  @Test
  @SuppressWarnings("unchecked")
  void createsAnEndpointAndShowsItsSecretOnlyOnce() {
    Tenant tenant = newTenant();

    Map<String, Object> created =
        create(
            tenant,
            Map.of(
                "url",
                "https://hooks.example.com/omnipost",
                "events",
                List.of("post.published", "post.failed"),
                "description",
                "CRM sync",
                "rate_limit_per_second",
                20));

    String secret = (String) created.get("secret");
    assertThat((String) created.get("id")).startsWith("whk_");
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    assertThat(created)
        .containsEntry("url", "https://hooks.example.com/omnipost")
        .containsEntry("events", List.of("post.published", "post.failed"))
        .containsEntry("enabled", true)
        .containsEntry("rate_limit_per_second", 20)
        .containsKey("created_at");
    String id = (String) created.get("id");
    byte[] stored =
        db.sql("SELECT secret_enc FROM webhook_endpoints WHERE id = :id")
            .bind("id", id)
            .map(row -> row.get("secret_enc", byte[].class))
            .one()
            .block();
    assertThat(cipher.decrypt(stored, SecretColumn.WEBHOOK_SECRET.of(id))).isEqualTo(secret);
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(secret);
    Map<String, Object> shown =
        (Map<String, Object>) body(get(tenant, "/v1/webhooks/" + id)).get("data");
    assertThat(shown)
        .containsEntry("id", id)
        .containsEntry("description", "CRM sync")
        .doesNotContainKey("secret");
    List<Map<String, Object>> listed =
        (List<Map<String, Object>>) body(get(tenant, "/v1/webhooks")).get("data");
    assertThat(listed)
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("id", id).doesNotContainKey("secret"));
  }

  @Test
  void anEmptyEventListSubscribesToEverything() {
    Tenant tenant = newTenant();

    Map<String, Object> created = create(tenant, Map.of("url", "http://receiver.example:9000/in"));

    assertThat(created).containsEntry("events", List.of()).containsEntry("enabled", true);
  }

  @Test
  void rejectsUnknownEventTypesListingTheValidOnes() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "url",
                "https://hooks.example.com/",
                "events",
                List.of("post.published", "post.exploded")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("webhook.unknown_event_types")
        .jsonPath("$.error.meta.field")
        .isEqualTo("events")
        .jsonPath("$.error.meta.invalid[0]")
        .isEqualTo("post.exploded")
        .jsonPath("$.error.meta.valid[?(@ == 'post.published')]")
        .exists();
  }

  @Test
  void rejectsUrlsThatAreNotAbsoluteHttp() {
    Tenant tenant = newTenant();

    for (String url :
        List.of("ftp://files.example.com/in", "/relative/path", "https://", "not a url", "")) {
      post(tenant, "/v1/webhooks")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("url", url))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.meta.field")
          .isEqualTo("url");
    }
  }

  @Test
  void anotherWorkspacesEndpointIsNotFound() {
    Tenant owner = newTenant();
    Tenant stranger = newTenant();
    String id = (String) create(owner, Map.of("url", "https://hooks.example.com/")).get("id");

    get(stranger, "/v1/webhooks/" + id)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    get(stranger, "/v1/webhooks/" + id + "/deliveries").exchange().expectStatus().isNotFound();
    get(stranger, "/v1/webhooks")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data")
        .isEmpty();
  }

  @Test
  void aKeyWithoutTheWebhooksScopeIsRefused() {
    Tenant tenant = newTenant();
    db.sql("UPDATE api_keys SET scopes = '{posts:read}' WHERE workspace_id = :ws")
        .bind("ws", tenant.workspaceId())
        .fetch()
        .rowsUpdated()
        .block();

    get(tenant, "/v1/webhooks")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("webhooks:manage");
  }

  @Test
  @SuppressWarnings("unchecked")
  void listsDeliveriesByStatusAndShowsOneWithItsAttempts() {
    Tenant tenant = newTenant();
    String endpoint =
        (String) create(tenant, Map.of("url", "https://hooks.example.com/")).get("id");
    String failed = seedDelivery(tenant, endpoint, "failed", 3, 500);
    String succeeded = seedDelivery(tenant, endpoint, "succeeded", 1, 200);
    seedAttempt(failed, 1, 500, null);
    seedAttempt(failed, 2, null, "timeout");

    List<Map<String, Object>> all =
        (List<Map<String, Object>>)
            body(get(tenant, "/v1/webhooks/" + endpoint + "/deliveries")).get("data");
    List<Map<String, Object>> onlyFailed =
        (List<Map<String, Object>>)
            body(get(tenant, "/v1/webhooks/" + endpoint + "/deliveries?status=failed&limit=10"))
                .get("data");
    Map<String, Object> detail =
        (Map<String, Object>)
            body(get(tenant, "/v1/webhooks/" + endpoint + "/deliveries/" + failed)).get("data");

    assertThat(all).extracting(d -> d.get("id")).containsExactlyInAnyOrder(failed, succeeded);
    assertThat(onlyFailed)
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .containsEntry("id", failed)
                    .containsEntry("status", "failed")
                    .containsEntry("attempts", 3)
                    .containsEntry("last_status_code", 500)
                    .containsEntry("event_type", "post.published")
                    .containsKeys("event_id", "next_attempt_at", "created_at", "updated_at"));
    assertThat(detail).containsEntry("attempt_count", 3);
    assertThat((Map<String, Object>) detail.get("payload")).containsEntry("type", "post.published");
    List<Map<String, Object>> attempts = (List<Map<String, Object>>) detail.get("attempts");
    assertThat(attempts).extracting(a -> a.get("attempt_number")).containsExactly(1, 2);
    assertThat(attempts.get(0))
        .containsEntry("status_code", 500)
        .containsEntry("trigger", "scheduled")
        .containsEntry("response_headers", Map.of("content-type", "text/plain"));
    assertThat(attempts.get(1)).containsEntry("error_class", "timeout");
    get(tenant, "/v1/webhooks/" + endpoint + "/deliveries/dlv_unknown")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void rejectsAnUnknownDeliveryStatusFilter() {
    Tenant tenant = newTenant();
    String endpoint =
        (String) create(tenant, Map.of("url", "https://hooks.example.com/")).get("id");

    get(tenant, "/v1/webhooks/" + endpoint + "/deliveries?status=lost")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("status");
  }

  @Test
  void listsTheEventCatalogue() {
    Tenant tenant = newTenant();

    get(tenant, "/v1/webhooks/events")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[?(@.type == 'post.published')].description")
        .isNotEmpty()
        .jsonPath("$.data[?(@.type == 'command.deliver_webhook')]")
        .doesNotExist();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> create(Tenant tenant, Map<String, Object> request) {
    return (Map<String, Object>)
        post(tenant, "/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(request)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private static Map<String, Object> body(
      org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private String seedDelivery(
      Tenant tenant, String endpoint, String status, int attempts, int lastStatus) {
    String id = Ids.newId("dlv");
    db.sql(
            """
            INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload, status,
                attempts, last_status_code)
            VALUES (:id, :ws, :endpoint, :event, 'post.published',
                '{"type":"post.published","timestamp":"2026-01-01T00:00:00Z","data":{"post_id":"post_1"}}',
                :status, :attempts, :last)
            """)
        .bind("id", id)
        .bind("ws", tenant.workspaceId())
        .bind("endpoint", endpoint)
        .bind("event", Ids.newId("evt"))
        .bind("status", status)
        .bind("attempts", attempts)
        .bind("last", lastStatus)
        .fetch()
        .rowsUpdated()
        .block();
    return id;
  }

  private void seedAttempt(String delivery, int number, Integer status, String errorClass) {
    var insert =
        db.sql(
                """
            INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, trigger, url, status_code,
                response_headers, response_body, duration_ms, error_class)
            VALUES (:delivery, :number, 'scheduled', 'https://hooks.example.com/', :status,
                '{"content-type":"text/plain"}'::jsonb, 'oops', 12, :error)
            """)
            .bind("delivery", delivery)
            .bind("number", number);
    insert =
        status == null ? insert.bindNull("status", Integer.class) : insert.bind("status", status);
    insert =
        errorClass == null
            ? insert.bindNull("error", String.class)
            : insert.bind("error", errorClass);
    insert.fetch().rowsUpdated().block();
  }
}

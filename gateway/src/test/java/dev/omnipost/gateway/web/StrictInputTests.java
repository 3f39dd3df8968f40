package dev.omnipost.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * What the gateway refuses to read: timestamps past the horizon (or any year past 9999), JSON
 * values of the wrong type (no coercion to text, numbers or booleans), text that is not valid
 * Unicode, and JSON that is not UTF-8; each a 400 or 415 envelope naming the field or the charset.
 */
class StrictInputTests extends GatewayTestSupport {

  private Tenant tenant;
  private String account;

  @BeforeEach
  void tenantWithAccount() {
    tenant = newTenant();
    account = connect(tenant, "mastodon");
  }

  @Test
  void refusesScheduledAtWithAnExpandedYear() {
    createPost(
            Map.of(
                "text",
                "far",
                "account_ids",
                List.of(account),
                "scheduled_at",
                "+999999999-12-31T23:59:59Z"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at");
  }

  @Test
  void refusesScheduledAtBeyondTheHorizonNamingTheLatestTime() {
    String threeYears =
        Instant.now().plus(3 * 366, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    createPost(Map.of("text", "far", "account_ids", List.of(account), "scheduled_at", threeYears))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.timestamp_out_of_range")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at")
        .jsonPath("$.error.meta.latest")
        .exists();
    createPost(
            Map.of(
                "text",
                "year 9999",
                "account_ids",
                List.of(account),
                "scheduled_at",
                "9999-12-31T23:59:59Z"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.timestamp_out_of_range");
  }

  @Test
  void acceptsScheduledAtWithinTheHorizon() {
    String nextYear =
        Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    createPost(
            Map.of("text", "next year", "account_ids", List.of(account), "scheduled_at", nextYear))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("scheduled");
  }

  @Test
  void refusesReschedulingADraftBeyondTheHorizon() {
    String id =
        (String)
            ((Map<?, ?>)
                    createPost(
                            Map.of("text", "draft", "account_ids", List.of(account), "draft", true))
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("data"))
                .get("id");

    post(tenant, "/v1/posts/" + id + "/schedule")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("scheduled_at", "5000-01-01T00:00:00Z"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.timestamp_out_of_range")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at");
  }

  @Test
  void refusesFilterTimestampsOutsideTheSaneRange() {
    get(tenant, "/v1/posts?from=0001-01-01T00:00:00Z")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.timestamp_out_of_range")
        .jsonPath("$.error.meta.field")
        .isEqualTo("from");
    get(tenant, "/v1/events?since=%2B10000-01-01T00:00:00Z")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("since");
  }

  @Test
  void refusesANumberWhereTextIsExpected() {
    createPost(Map.of("text", 123, "account_ids", List.of(account)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("text");
  }

  @Test
  void refusesTextWhereABooleanIsExpected() {
    createPost(Map.of("text", "hi", "account_ids", List.of(account), "draft", "true"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("draft");
    createPost(Map.of("text", "hi", "account_ids", List.of(account), "draft", 1))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("draft");
  }

  @Test
  void refusesALoneSurrogateNamingTheField() {
    String body = "{\"text\": \"broken \\ud800 text\", \"account_ids\": [\"" + account + "\"]}";

    rawPost(body.getBytes(StandardCharsets.UTF_8), "application/json")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_characters")
        .jsonPath("$.error.meta.field")
        .isEqualTo("text");
    String inList = "{\"text\": \"ok\", \"account_ids\": [\"\\udc00\"]}";
    rawPost(inList.getBytes(StandardCharsets.UTF_8), "application/json")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("account_ids[0]");
  }

  @Test
  void acceptsAPairedSurrogate() {
    String body =
        "{\"text\": \"party \\ud83c\\udf89\", \"account_ids\": [\""
            + account
            + "\"], \"draft\": true}";

    rawPost(body.getBytes(StandardCharsets.UTF_8), "application/json")
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.text")
        .isEqualTo("party \uD83C\uDF89");
  }

  @Test
  void refusesJsonInAnotherCharset() {
    String body =
        "{\"text\": \"caf\u00e9\", \"account_ids\": [\"" + account + "\"], \"draft\": true}";

    rawPost(body.getBytes(StandardCharsets.ISO_8859_1), "application/json; charset=latin1")
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.unsupported_charset")
        .jsonPath("$.error.meta.supported[0]")
        .isEqualTo("application/json; charset=utf-8");
    rawPost(body.getBytes(StandardCharsets.UTF_16), "application/json")
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.unsupported_charset");
    rawPost(body.getBytes(StandardCharsets.UTF_16LE), "application/json")
        .expectStatus()
        .isEqualTo(415);
  }

  @Test
  void acceptsUtf8WhetherOrNotTheCharsetIsNamed() {
    String body =
        "{\"text\": \"caf\u00e9\", \"account_ids\": [\"" + account + "\"], \"draft\": true}";

    rawPost(body.getBytes(StandardCharsets.UTF_8), "application/json; charset=UTF-8")
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.text")
        .isEqualTo("caf\u00e9");
    assertThat(
            rawPost(body.getBytes(StandardCharsets.UTF_8), "application/json")
                .returnResult(String.class)
                .getStatus()
                .value())
        .isEqualTo(201);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec createPost(
      Map<String, Object> body) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec rawPost(
      byte[] body, String contentType) {
    return post(tenant, "/v1/posts").header("Content-Type", contentType).bodyValue(body).exchange();
  }
}

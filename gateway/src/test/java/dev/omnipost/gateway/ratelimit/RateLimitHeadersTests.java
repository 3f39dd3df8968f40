package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Every answer tells the client its limit; a key over it gets 429 with the envelope. */
class RateLimitHeadersTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void successesAndErrorsOfAKeyCarryItsRateLimitHeaders() {
    Tenant tenant = newTenant();

    HttpHeaders ok =
        get(tenant, "/v1/accounts")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders notFound =
        get(tenant, "/v1/accounts/acc_missing")
            .exchange()
            .expectStatus()
            .isNotFound()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders unknownRoute =
        get(tenant, "/v1/no-such-route")
            .exchange()
            .expectStatus()
            .isNotFound()
            .returnResult(String.class)
            .getResponseHeaders();

    assertThat(ok.getFirst("X-RateLimit-Limit")).isEqualTo("600");
    assertThat(Long.parseLong(ok.getFirst("X-RateLimit-Remaining"))).isBetween(0L, 599L);
    assertThat(Long.parseLong(ok.getFirst("X-RateLimit-Reset"))).isBetween(1L, 60L);
    assertThat(notFound.getFirst("X-RateLimit-Limit")).isEqualTo("600");
    assertThat(unknownRoute.getFirst("X-RateLimit-Limit")).isEqualTo("600");
    assertThat(Long.parseLong(unknownRoute.getFirst("X-RateLimit-Remaining")))
        .isLessThan(Long.parseLong(ok.getFirst("X-RateLimit-Remaining")));
  }

  @Test
  void requestsWithoutAUsableKeyAndPublicAndOperatorRoutesCarryTheirAddressLimitHeaders() {
    HttpHeaders missingKey =
        http.get()
            .uri("/v1/accounts")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders unknownKey =
        http.get()
            .uri("/v1/accounts")
            .header("X-API-Key", "opk_live_" + Ids.randomBase62(32))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders invalidPath =
        http.get()
            .uri("/v1/accounts;x")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders health =
        http.get()
            .uri("/v1/health")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders();
    HttpHeaders operator =
        http.post()
            .uri("/v1/admin/workspaces")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "x"))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .returnResult(String.class)
            .getResponseHeaders();

    for (HttpHeaders headers :
        new HttpHeaders[] {missingKey, unknownKey, invalidPath, health, operator}) {
      assertThat(headers.getFirst("X-RateLimit-Limit")).isEqualTo("1000000");
      assertThat(headers.getFirst("X-RateLimit-Remaining")).isNotNull();
      assertThat(headers.getFirst("X-RateLimit-Reset")).isNotNull();
    }
  }

  @Test
  void aKeyOverItsLimitIsAnswered429WithRetryAfterAndTheEnvelope() {
    Tenant tenant = newTenant(3);

    for (int i = 0; i < 3; i++) {
      get(tenant, "/v1/accounts").exchange().expectStatus().isOk();
    }
    EntityExchangeResult<Map<String, Object>> refused =
        get(tenant, "/v1/accounts")
            .exchange()
            .expectStatus()
            .isEqualTo(429)
            .expectBody(JSON)
            .returnResult();

    HttpHeaders headers = refused.getResponseHeaders();
    assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
    assertThat(headers.getFirst("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) refused.getResponseBody().get("error");
    assertThat(error.get("code")).isEqualTo("rate_limited");
    assertThat(error.get("message")).asString().contains("3 requests per minute");
    assertThat(error.get("meta"))
        .isEqualTo(
            Map.of(
                "limit",
                3,
                "retry_after",
                Integer.parseInt(headers.getFirst(HttpHeaders.RETRY_AFTER))));
  }

  @Test
  void aWorkspacesPlanLimitAppliesToItsKeysUnlessAKeyHasItsOwn() {
    Tenant plan = newTenant(42);
    Tenant own = newTenant(42);
    jdbc.sql("UPDATE api_keys SET rate_limit_per_minute = 7 WHERE workspace_id = :ws")
        .param("ws", own.workspaceId())
        .update();

    assertThat(limitOf(plan)).isEqualTo("42");
    assertThat(limitOf(own)).isEqualTo("7");
  }

  @Test
  void theOperatorRefusesANonPositiveWorkspaceRateLimit() {
    http.post()
        .uri("/v1/admin/workspaces")
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Zero", "rate_limit_per_minute", 0))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("rate_limit_per_minute");
  }

  private String limitOf(Tenant tenant) {
    return get(tenant, "/v1/accounts")
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(String.class)
        .getResponseHeaders()
        .getFirst("X-RateLimit-Limit");
  }

  @SuppressWarnings("unchecked")
  private Tenant newTenant(int rateLimitPerMinute) {
    Map<String, Object> request = new HashMap<>();
    request.put("name", "Limited " + Ids.randomBase62(6));
    request.put("rate_limit_per_minute", rateLimitPerMinute);
    Map<String, Object> data =
        (Map<String, Object>)
            http.post()
                .uri("/v1/admin/workspaces")
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");
    Map<String, Object> workspace = (Map<String, Object>) data.get("workspace");
    assertThat(workspace.get("rate_limit_per_minute")).isEqualTo(rateLimitPerMinute);
    return new Tenant(
        (String) workspace.get("id"),
        (String) ((Map<String, Object>) data.get("api_key")).get("key"));
  }
}

package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.auth.ApiKeys;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/workspace} and {@code GET /v1/usage}, open to any valid key of the workspace. */
class WorkspaceRoutesTests extends QuotaTestSupport {

  @Test
  @SuppressWarnings("unchecked")
  void showsThePlanItsLimitsThisPeriodsUsageAndWhenItResets() {
    Tenant tenant = newTenant();
    draft(tenant, List.of(connect(tenant, "mastodon"))).expectStatus().isCreated();
    YearMonth month = YearMonth.now(ZoneOffset.UTC);

    Map<String, Object> workspace =
        (Map<String, Object>)
            get(tenant, "/v1/workspace")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");

    assertThat(workspace)
        .containsEntry("id", tenant.workspaceId())
        .containsEntry("plan", "agency")
        .containsEntry("rate_limit_per_minute", null)
        .containsEntry(
            "period_start", month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString())
        .containsEntry(
            "resets_at",
            month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
    assertThat((Map<String, Object>) workspace.get("limits"))
        .containsEntry("posts_per_month", 10000)
        .containsEntry("ai_credits_per_month", 500)
        .containsEntry("webhook_endpoints", 25)
        .containsEntry("api_keys", 100)
        .containsKey("media_storage_bytes");
    assertThat((Map<String, Object>) workspace.get("usage"))
        .containsEntry("posts_per_month", 1)
        .containsEntry("ai_credits_per_month", 0)
        .containsEntry("media_storage_bytes", 0)
        .containsEntry("webhook_endpoints", 0)
        .containsEntry("api_keys", 1);
    assertThat(usage(tenant, "posts_per_month"))
        .containsEntry("limit", 10000)
        .containsEntry("used", 1)
        .containsEntry("remaining", 9999);
  }

  @Test
  void anyValidKeyReadsItsWorkspaceWhateverItsScopes() {
    Tenant tenant = newTenant();
    String scopeless = keyWithScopes(tenant).apiKey();

    withKey(scopeless, "/v1/workspace")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo(tenant.workspaceId());
    withKey(scopeless, "/v1/usage").exchange().expectStatus().isOk();
    withKey(scopeless, "/v1/accounts")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope");
    http.get()
        .uri("/v1/usage")
        .header("Authorization", "Bearer " + ApiKeys.generate())
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void showsOnlyTheCallersOwnWorkspace() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    setLimits(owner, Map.of("posts_per_month", 7));

    get(other, "/v1/workspace")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo(other.workspaceId())
        .jsonPath("$.data.limits.posts_per_month")
        .isEqualTo(10000);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> withKey(
      String key, String uri) {
    return http.get().uri(uri).header("Authorization", "Bearer " + key);
  }
}

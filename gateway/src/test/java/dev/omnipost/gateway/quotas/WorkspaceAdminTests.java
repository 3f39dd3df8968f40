package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The operator sets plans and limits with {@code PATCH /v1/admin/workspaces/{id}}. */
class WorkspaceAdminTests extends QuotaTestSupport {

  @Test
  @SuppressWarnings("unchecked")
  void setsThePlanALimitOverrideAndTheRateLimit() {
    Tenant tenant = newTenant();

    Map<String, Object> body =
        patchWorkspace(
                tenant.workspaceId(),
                Map.of(
                    "plan",
                    "free",
                    "limits",
                    Map.of("posts_per_month", 250),
                    "rate_limit_per_minute",
                    1200))
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    Map<String, Object> workspace = (Map<String, Object>) body.get("data");
    assertThat(workspace)
        .containsEntry("id", tenant.workspaceId())
        .containsEntry("plan", "free")
        .containsEntry("rate_limit_per_minute", 1200);
    assertThat((Map<String, Object>) workspace.get("limits"))
        .containsEntry("posts_per_month", 250)
        .containsEntry("ai_credits_per_month", 50)
        .containsEntry("webhook_endpoints", 2)
        .containsEntry("api_keys", 5)
        .containsEntry("media_storage_bytes", 1024 * 1024 * 1024);
    assertThat(
            jdbc.sql("SELECT rate_limit_per_minute FROM workspaces WHERE id = :ws")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isEqualTo(1200);
  }

  @Test
  @SuppressWarnings("unchecked")
  void nullGivesALimitBackToThePlanAndTheRateLimitToTheDefault() {
    Tenant tenant = newTenant();
    patchWorkspace(
            tenant.workspaceId(),
            Map.of("limits", Map.of("posts_per_month", 3), "rate_limit_per_minute", 60))
        .expectStatus()
        .isOk();
    Map<String, Object> limits = new HashMap<>();
    limits.put("posts_per_month", null);
    Map<String, Object> change = new HashMap<>();
    change.put("limits", limits);
    change.put("rate_limit_per_minute", null);

    Map<String, Object> body =
        patchWorkspace(tenant.workspaceId(), change)
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    Map<String, Object> workspace = (Map<String, Object>) body.get("data");
    assertThat((Map<String, Object>) workspace.get("limits"))
        .containsEntry("posts_per_month", 10000);
    assertThat(workspace).containsEntry("rate_limit_per_minute", null);
  }

  @Test
  void answers404ForAnUnknownWorkspace() {
    patchWorkspace("ws_doesnotexist", Map.of("plan", "free"))
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
  }

  @Test
  void refusesBadValuesNamingTheField() {
    Tenant tenant = newTenant();

    expectBadRequest(tenant, Map.of(), "request.empty_body", null);
    expectBadRequest(tenant, Map.of("tier", "gold"), "request.unknown_field", "tier");
    expectBadRequest(tenant, Map.of("plan", "gold"), "request.invalid_plan", "plan");
    expectBadRequest(tenant, Map.of("plan", 7), "request.invalid_plan", "plan");
    expectBadRequest(tenant, Map.of("limits", 5), "request.invalid_field", "limits");
    expectBadRequest(
        tenant, Map.of("limits", Map.of("posts", 5)), "request.invalid_field", "limits.posts");
    expectBadRequest(
        tenant,
        Map.of("limits", Map.of("posts_per_month", -1)),
        "request.invalid_field",
        "limits.posts_per_month");
    expectBadRequest(
        tenant,
        Map.of("limits", Map.of("posts_per_month", 1.5)),
        "request.invalid_field",
        "limits.posts_per_month");
    expectBadRequest(
        tenant,
        Map.of("limits", Map.of("api_keys", "ten")),
        "request.invalid_field",
        "limits.api_keys");
    expectBadRequest(
        tenant,
        Map.of("limits", Map.of("media_storage_bytes", 1_000_000_000_000_001L)),
        "request.invalid_field",
        "limits.media_storage_bytes");
    expectBadRequest(
        tenant,
        Map.of("rate_limit_per_minute", 0),
        "request.invalid_field",
        "rate_limit_per_minute");
    expectBadRequest(
        tenant,
        Map.of("rate_limit_per_minute", true),
        "request.invalid_field",
        "rate_limit_per_minute");
    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"plan\":")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
    assertThat(usage(tenant, "posts_per_month")).containsEntry("limit", 10000);
  }

  @Test
  void aTenantKeyCannotChangeItsOwnPlan() {
    Tenant tenant = newTenant();

    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("plan", "unlimited"))
        .exchange()
        .expectStatus()
        .isUnauthorized();

    assertThat(usage(tenant, "posts_per_month")).containsEntry("limit", 10000);
  }

  @Test
  @SuppressWarnings("unchecked")
  void createsAWorkspaceOnANamedPlanAndRefusesAnUnknownOne() {
    Map<String, Object> body =
        http.post()
            .uri("/v1/admin/workspaces")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Bench", "plan", "unlimited"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    Map<String, Object> workspace =
        (Map<String, Object>) ((Map<String, Object>) body.get("data")).get("workspace");
    assertThat(workspace)
        .containsEntry("plan", "unlimited")
        .containsEntry("ai_credits_remaining", null);

    http.post()
        .uri("/v1/admin/workspaces")
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Gold", "plan", "gold"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_plan")
        .jsonPath("$.error.meta.valid_values")
        .value(values -> assertThat((List<Object>) values).contains("free", "agency", "unlimited"));
  }

  private void expectBadRequest(Tenant tenant, Object body, String code, String field) {
    var answer =
        patchWorkspace(tenant.workspaceId(), body)
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.error.code")
            .isEqualTo(code);
    if (field != null) {
      answer.jsonPath("$.error.meta.field").isEqualTo(field);
    }
  }
}

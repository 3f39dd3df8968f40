package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the quota tests share: setting limits as the operator, drafts, and reading events. */
abstract class QuotaTestSupport extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  /** Sets per-quota limits through the operator's PATCH. */
  void setLimits(Tenant tenant, Map<String, Object> limits) {
    patchWorkspace(tenant.workspaceId(), Map.of("limits", limits)).expectStatus().isOk();
  }

  WebTestClient.ResponseSpec patchWorkspace(String workspaceId, Object body) {
    return http.patch()
        .uri("/v1/admin/workspaces/" + workspaceId)
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** Creates a draft post (one per call, whatever the account count) and answers the status. */
  WebTestClient.ResponseSpec draft(Tenant tenant, List<String> accountIds) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "Quota check", "account_ids", accountIds, "draft", true))
        .exchange();
  }

  /**
   * The {@code usage.limit_reached} events of the workspace, oldest first, as the API lists them.
   */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> limitEvents(Tenant tenant) {
    Map<String, Object> body =
        get(tenant, "/v1/events?type=usage.limit_reached&limit=100")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    List<Map<String, Object>> events =
        new ArrayList<>(
            ((List<Map<String, Object>>) body.get("data"))
                .stream().map(event -> (Map<String, Object>) event.get("data")).toList());
    Collections.reverse(events);
    return events;
  }

  /** {@code GET /v1/usage}'s entry for one quota. */
  @SuppressWarnings("unchecked")
  Map<String, Object> usage(Tenant tenant, String quota) {
    Map<String, Object> body =
        get(tenant, "/v1/usage")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    Map<String, Object> entry = ((Map<String, Map<String, Object>>) body.get("data")).get(quota);
    assertThat(entry).as(quota).isNotNull();
    return entry;
  }

  /** Moves this period's usage row of a monthly quota into the past, as a new month would. */
  void startNextMonth(Tenant tenant, String quota) {
    jdbc.sql(
            "UPDATE workspace_usage SET period = '2000-01'"
                + " WHERE workspace_id = :ws AND quota = :quota AND period <> 'total'")
        .param("ws", tenant.workspaceId())
        .param("quota", quota)
        .update();
  }

  int count(String table, Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .query(Integer.class)
        .single();
  }
}

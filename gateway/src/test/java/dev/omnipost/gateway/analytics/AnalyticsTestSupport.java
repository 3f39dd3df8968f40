package dev.omnipost.gateway.analytics;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.sandbox.PlatformSandbox;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts on the platform sandbox and reports read through the API, for the analytics tests. */
@SuppressWarnings("unchecked")
abstract class AnalyticsTestSupport extends GatewayTestSupport {

  @Autowired protected JdbcClient jdbc;

  /** An account known to {@code sandbox} and imported into the tenant's workspace. */
  protected String sandboxAccount(PlatformSandbox sandbox, Tenant tenant, String platform) {
    String platformAccountId =
        String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    String token = "token-" + Ids.randomBase62(20);
    sandbox
        .control()
        .registerAccount(
            new SandboxAccount(platform, platformAccountId, "agency" + platformAccountId, token));
    Map<String, Object> body =
        http.post()
            .uri("/v1/admin/accounts")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "workspace_id",
                    tenant.workspaceId(),
                    "platform",
                    platform,
                    "platform_account_id",
                    platformAccountId,
                    "handle",
                    "@agency",
                    "name",
                    "Agency",
                    "access_token",
                    token,
                    "settings",
                    Map.of("instance_url", sandbox.mastodonInstanceUrl())))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  protected Map<String, Object> report(Tenant tenant, String query) {
    return (Map<String, Object>)
        get(tenant, "/v1/analytics" + query)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  protected static Map<String, Object> totals(Map<String, Object> report) {
    return (Map<String, Object>) report.get("totals");
  }

  protected static long number(Map<String, Object> totals, String name) {
    return ((Number) totals.get(name)).longValue();
  }

  protected static List<Map<String, Object>> list(Map<String, Object> report, String name) {
    return (List<Map<String, Object>>) report.get(name);
  }

  /** A draft of one text to {@code accountIds}, through the API. */
  protected String draft(Tenant tenant, String text, String... accountIds) {
    Map<String, Object> body =
        post(tenant, "/v1/posts")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("text", text, "account_ids", List.of(accountIds), "draft", true))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  /**
   * Marks the post's copy on {@code accountId} published {@code daysAgo} days ago with {@code
   * counters} cached, as the worker and the refresher would have left it.
   */
  protected void publishedWithCounters(
      String postId, String accountId, int daysAgo, Map<String, Long> counters) {
    String targetId =
        jdbc.sql(
                "UPDATE post_targets SET status = 'published', platform_post_id = :pid,"
                    + " published_at = now() - make_interval(days => :days)"
                    + " WHERE post_id = :post AND account_id = :account RETURNING id")
            .param("pid", "p" + Ids.randomBase62(8))
            .param("days", daysAgo)
            .param("post", postId)
            .param("account", accountId)
            .query(String.class)
            .single();
    jdbc.sql("UPDATE posts SET status = 'published' WHERE id = :id").param("id", postId).update();
    StringBuilder json = new StringBuilder("{");
    counters.forEach(
        (name, value) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
    jdbc.sql(
            "INSERT INTO post_target_metrics (target_id, workspace_id, counters, fetched_at)"
                + " SELECT id, workspace_id, CAST(:counters AS jsonb), now() FROM post_targets"
                + " WHERE id = :id")
        .param("counters", json.append('}').toString())
        .param("id", targetId)
        .update();
  }
}

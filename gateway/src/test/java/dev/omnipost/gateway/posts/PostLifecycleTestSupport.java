package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Requests and fixtures shared by the lifecycle route tests. No publisher-worker runs next to the
 * test gateway, so a queued target stays queued; what a worker would have done to a target (claimed
 * it, failed it) is written to its row the way the worker writes it.
 */
@SuppressWarnings("unchecked")
abstract class PostLifecycleTestSupport extends GatewayTestSupport {

  @Autowired protected JdbcClient jdbc;

  protected static String inOneDay() {
    return Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  protected Map<String, Object> createPost(Tenant tenant, Map<String, Object> body) {
    return (Map<String, Object>)
        post(tenant, "/v1/posts")
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

  protected String draft(Tenant tenant, String text, String... accountIds) {
    return (String)
        createPost(tenant, Map.of("text", text, "account_ids", List.of(accountIds), "draft", true))
            .get("id");
  }

  protected String scheduled(Tenant tenant, String text, String... accountIds) {
    return (String)
        createPost(
                tenant,
                Map.of(
                    "text", text, "account_ids", List.of(accountIds), "scheduled_at", inOneDay()))
            .get("id");
  }

  protected WebTestClient.ResponseSpec patch(Tenant tenant, String postId, Object body) {
    return http.patch()
        .uri("/v1/posts/" + postId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  protected WebTestClient.ResponseSpec cancel(Tenant tenant, String postId) {
    return http.delete()
        .uri("/v1/posts/" + postId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange();
  }

  /** {@code POST /v1/posts/{id}/<action>} with {@code body}, or without a body if null. */
  protected WebTestClient.ResponseSpec action(
      Tenant tenant, String postId, String action, Object body) {
    WebTestClient.RequestBodySpec request = post(tenant, "/v1/posts/" + postId + "/" + action);
    return body == null
        ? request.exchange()
        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  protected Map<String, Object> read(Tenant tenant, String postId) {
    return (Map<String, Object>)
        get(tenant, "/v1/posts/" + postId)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  protected static List<Map<String, Object>> targets(Map<String, Object> post) {
    return (List<Map<String, Object>>) post.get("targets");
  }

  /** The target's id as the API shows it. */
  protected String targetId(Tenant tenant, String postId, String accountId) {
    return (String)
        targets(read(tenant, postId)).stream()
            .filter(t -> accountId.equals(t.get("account_id")))
            .findFirst()
            .orElseThrow()
            .get("id");
  }

  /** A column of the target row, as the publisher-worker would read it. */
  protected Map<String, Object> targetRow(String targetId) {
    return new HashMap<>(
        jdbc.sql(
                "SELECT status, due_at, step_state::text AS step_state, step_attempt,"
                    + " step_attempt_at, lease_until, next_check_at, transient_failures,"
                    + " claimed_at, error_code, attempts FROM post_targets WHERE id = :id")
            .param("id", targetId)
            .query()
            .singleRow());
  }

  protected Instant dueAt(String targetId) {
    return jdbc.sql("SELECT due_at FROM post_targets WHERE id = :id")
        .param("id", targetId)
        .query(OffsetDateTime.class)
        .single()
        .toInstant();
  }

  /** How many events of {@code type} about {@code postId} the workspace recorded. */
  protected long events(Tenant tenant, String type, String postId) {
    return jdbc.sql(
            "SELECT count(*) FROM event_log WHERE workspace_id = :ws AND type = :type"
                + " AND subject = :post")
        .param("ws", tenant.workspaceId())
        .param("type", type)
        .param("post", postId)
        .query(Long.class)
        .single();
  }

  /**
   * What the worker leaves on a target that failed or could not be confirmed, after a publish that
   * got as far as a create: its step state and attempt marker, a lease, retry counts and the error.
   */
  protected void settleAsWorker(String targetId, String status, String platformPostId) {
    jdbc.sql(
            "UPDATE post_targets SET status = :status, claimed_at = now(), attempts = 2,"
                + " step_state = '{\"media_ids\":[\"m1\"]}'::jsonb, step_attempt = 'create_status',"
                + " step_attempt_at = now(), next_check_at = NULL, lease_until = NULL,"
                + " transient_failures = 2, error_code = 'platform_unavailable',"
                + " error_message = 'Service unavailable', platform_post_id = :platformId"
                + " WHERE id = :id")
        .param("status", status)
        .param("platformId", platformPostId)
        .param("id", targetId)
        .update();
  }

  protected void setPostStatus(String postId, String status) {
    jdbc.sql("UPDATE posts SET status = :status WHERE id = :id")
        .param("status", status)
        .param("id", postId)
        .update();
  }
}

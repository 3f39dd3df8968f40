package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /v1/posts/batch} through the real gateway: each item created or refused on its own,
 * counted against the posts quota one by one, and the whole batch idempotent under one key.
 */
@SuppressWarnings("unchecked")
class PostBatchTests extends BulkTestSupport {

  private WebTestClient.ResponseSpec batch(Tenant tenant, Object body, String idempotencyKey) {
    WebTestClient.RequestBodySpec request =
        post(tenant, "/v1/posts/batch").contentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      request = request.header("Idempotency-Key", idempotencyKey);
    }
    return request.bodyValue(body).exchange();
  }

  private Map<String, Object> batchData(Tenant tenant, Object body, String idempotencyKey) {
    return (Map<String, Object>)
        batch(tenant, body, idempotencyKey)
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private static List<Map<String, Object>> results(Map<String, Object> batch) {
    return (List<Map<String, Object>>) batch.get("results");
  }

  private void setPostsPerMonth(Tenant tenant, int limit) {
    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("limits", Map.of("posts_per_month", limit)))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void eachItemIsCreatedOrRefusedOnItsOwn() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String x = connect(tenant, "twitter");
    Tenant other = newTenant();
    String othersAccount = connect(other, "mastodon");

    Map<String, Object> batch =
        batchData(
            tenant,
            Map.of(
                "posts",
                List.of(
                    Map.of("text", "first", "account_ids", List.of(mastodon, x)),
                    Map.of("text", "a".repeat(281), "account_ids", List.of(x)),
                    Map.of("text", "wrong shape", "account_ids", Map.of("a", 1)),
                    Map.of("text", "not yours", "account_ids", List.of(othersAccount)),
                    "not an object",
                    Map.of(
                        "text",
                        "later",
                        "account_ids",
                        List.of(mastodon),
                        "scheduled_at",
                        inOneDay()))),
            null);

    assertThat(batch).containsEntry("created", 2).containsEntry("failed", 4);
    List<Map<String, Object>> results = results(batch);
    assertThat(results).extracting(r -> r.get("index")).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(results)
        .extracting(r -> r.get("status"))
        .containsExactly(201, 400, 400, 400, 400, 201);
    Map<String, Object> first = (Map<String, Object>) results.get(0).get("data");
    assertThat(first.get("status")).isEqualTo("publishing");
    assertThat(results.get(0)).doesNotContainKey("error");
    Map<String, Object> tooLong = (Map<String, Object>) results.get(1).get("error");
    assertThat(tooLong.get("code")).isEqualTo("post.validation_failed");
    assertThat((String) tooLong.get("message")).contains("280");
    assertThat(results.get(1)).doesNotContainKey("data");
    assertThat(((Map<String, Object>) results.get(2).get("error")))
        .containsEntry("code", "request.invalid_field")
        .extractingByKey("meta")
        .isEqualTo(Map.of("field", "account_ids"));
    assertThat(((Map<String, Object>) results.get(3).get("error")).get("code"))
        .isEqualTo("post.unknown_accounts");
    assertThat(((Map<String, Object>) results.get(4).get("error")).get("code"))
        .isEqualTo("request.invalid_field");
    assertThat(((Map<String, Object>) results.get(5).get("data")).get("status"))
        .isEqualTo("scheduled");
    assertThat(posts(tenant)).isEqualTo(2);
    get(tenant, "/v1/posts/" + first.get("id")).exchange().expectStatus().isOk();
    assertThat(posts(other)).isZero();
  }

  @Test
  void countsThePostsQuotaPerCreatedPostAndAnItemPastItFailsAlone() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    setPostsPerMonth(tenant, 2);
    Map<String, Object> post = Map.of("text", "q", "account_ids", List.of(mastodon), "draft", true);

    // under a key the items share the key's transaction: each stands in a savepoint of its own
    Map<String, Object> batch =
        batchData(tenant, Map.of("posts", List.of(post, post, post)), "batch-quota-1");

    assertThat(results(batch)).extracting(r -> r.get("status")).containsExactly(201, 201, 402);
    assertThat(((Map<String, Object>) results(batch).get(2).get("error")).get("code"))
        .isEqualTo("quota.exceeded");
    assertThat(posts(tenant)).isEqualTo(2);
  }

  @Test
  void anIdempotencyKeyReplaysTheWholeBatch() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    Map<String, Object> body =
        Map.of(
            "posts",
            List.of(
                Map.of("text", "one", "account_ids", List.of(mastodon)),
                Map.of("text", "two", "account_ids", List.of("acc_missing"))));

    Map<String, Object> first = batchData(tenant, body, "batch-key-1");
    Map<String, Object> replay = batchData(tenant, body, "batch-key-1");

    assertThat(replay).isEqualTo(first);
    assertThat(posts(tenant)).isEqualTo(1);
    batch(tenant, Map.of("posts", List.of(body.get("posts"))), "batch-key-1")
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void refusesABatchThatIsEmptyTooLargeOrNotABatch() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    List<Object> tooMany =
        new ArrayList<>(
            Collections.nCopies(101, Map.of("text", "t", "account_ids", List.of(mastodon))));

    batch(tenant, Map.of("posts", List.of()), null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("posts");
    batch(tenant, Map.of(), null).expectStatus().isBadRequest();
    batch(tenant, Map.of("posts", tooMany), null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.max")
        .isEqualTo(100);
    batch(tenant, Map.of("posts", "nope"), null).expectStatus().isBadRequest();
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void itemsThatPublishNeedThePublishScope() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    Tenant writer = keyWithScopes(tenant, "posts:write");
    Tenant reader = keyWithScopes(tenant, "posts:read");
    Map<String, Object> body =
        Map.of(
            "posts",
            List.of(
                Map.of("text", "now", "account_ids", List.of(mastodon)),
                Map.of("text", "draft", "account_ids", List.of(mastodon), "draft", true)));

    batch(reader, body, null).expectStatus().isForbidden();
    Map<String, Object> batch = batchData(writer, body, null);

    assertThat(results(batch)).extracting(r -> r.get("status")).containsExactly(403, 201);
    assertThat(posts(tenant)).isEqualTo(1);
  }
}

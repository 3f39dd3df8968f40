package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

@SuppressWarnings("unchecked")
class PostsTests extends GatewayTestSupport {

  @Autowired DatabaseClient db;
  @Autowired MeterRegistry meters;

  private Map<String, Object> createPost(Tenant tenant, Map<String, Object> body) {
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

  @Test
  void postingNowQueuesOneTargetPerAccountAndRecordsPostCreated() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String bluesky = connect(tenant, "bluesky");
    double before = meters.counter("omnipost.gateway.posts.created", "mode", "now").count();

    Map<String, Object> post =
        createPost(
            tenant,
            Map.of(
                "text",
                "Hello world",
                "account_ids",
                List.of(mastodon, bluesky),
                "overrides",
                Map.of("bluesky", Map.of("text", "Hello sky"))));

    assertThat(post.get("status")).isEqualTo("publishing");
    assertThat((List<String>) post.get("account_ids")).containsExactly(mastodon, bluesky);
    List<Map<String, Object>> targets = (List<Map<String, Object>>) post.get("targets");
    assertThat(targets).extracting(t -> t.get("status")).containsOnly("queued");
    assertThat(targets).extracting(t -> t.get("text")).containsExactly("Hello world", "Hello sky");
    String postId = (String) post.get("id");
    get(tenant, "/v1/posts/" + postId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.targets.length()")
        .isEqualTo(2)
        .jsonPath("$.data.targets[1].platform")
        .isEqualTo("bluesky")
        .jsonPath("$.data.targets[1].text")
        .isEqualTo("Hello sky");
    get(tenant, "/v1/events?type=post.created")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].subject")
        .isEqualTo(postId)
        .jsonPath("$.data[0].data.status")
        .isEqualTo("publishing");
    Long outboxRows =
        db.sql(
                "SELECT count(*) AS n FROM outbox WHERE message_key = :ws"
                    + " AND position(convert_to(:post, 'UTF8') in payload) > 0")
            .bind("ws", tenant.workspaceId())
            .bind("post", postId)
            .map(row -> row.get("n", Long.class))
            .one()
            .block();
    assertThat(outboxRows).isEqualTo(1);
    Long dueNow =
        db.sql("SELECT count(*) AS n FROM post_targets WHERE post_id = :post AND due_at <= now()")
            .bind("post", postId)
            .map(row -> row.get("n", Long.class))
            .one()
            .block();
    assertThat(dueNow).isEqualTo(2);
    assertThat(meters.counter("omnipost.gateway.posts.created", "mode", "now").count())
        .isEqualTo(before + 1);
  }

  @Test
  void schedulingAPostStoresItsDueTimeAndRecordsPostScheduled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    Map<String, Object> post =
        createPost(
            tenant,
            Map.of(
                "text", "Later", "account_ids", List.of(account), "scheduled_at", at.toString()));

    assertThat(post.get("status")).isEqualTo("scheduled");
    assertThat(Instant.parse((String) post.get("scheduled_at"))).isEqualTo(at);
    assertThat(((List<Map<String, Object>>) post.get("targets")).get(0).get("status"))
        .isEqualTo("scheduled");
    Instant due =
        db.sql("SELECT due_at FROM post_targets WHERE post_id = :post")
            .bind("post", post.get("id"))
            .map(row -> row.get("due_at", java.time.OffsetDateTime.class).toInstant())
            .one()
            .block();
    assertThat(due).isEqualTo(at);
    get(tenant, "/v1/events?type=post.scheduled")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].subject")
        .isEqualTo(post.get("id"));
  }

  @Test
  void aDraftIsStoredWithoutADueTime() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    Map<String, Object> post =
        createPost(tenant, Map.of("text", "Draft", "account_ids", List.of(account), "draft", true));

    assertThat(post.get("status")).isEqualTo("draft");
    assertThat(((List<Map<String, Object>>) post.get("targets")).get(0).get("status"))
        .isEqualTo("draft");
  }

  @Test
  void textTooLongForThePlatformIsRefusedWithTheViolation() {
    Tenant tenant = newTenant();
    String x = connect(tenant, "x");
    String mastodon = connect(tenant, "mastodon");

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "a".repeat(281), "account_ids", List.of(x, mastodon)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.validation_failed")
        .jsonPath("$.error.meta.violations.length()")
        .isEqualTo(1)
        .jsonPath("$.error.meta.violations[0].account_id")
        .isEqualTo(x)
        .jsonPath("$.error.meta.violations[0].platform")
        .isEqualTo("twitter")
        .jsonPath("$.error.meta.violations[0].code")
        .isEqualTo("text.too_long");
  }

  @Test
  void unknownAccountsAndPastTimesAreRefused() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "hi", "account_ids", List.of(account, "acc_nope")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts")
        .jsonPath("$.error.meta.account_ids[0]")
        .isEqualTo("acc_nope");
    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "text",
                "hi",
                "account_ids",
                List.of(account),
                "scheduled_at",
                "2001-01-01T00:00:00Z"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.scheduled_at_in_past");
    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("text", "hi", "account_ids", List.of(account), "scheduled_at", "tomorrow"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at");
  }

  @Test
  void anotherWorkspacesPostAndAccountsAreNotFound() {
    Tenant owner = newTenant();
    Tenant stranger = newTenant();
    String account = connect(owner, "mastodon");
    Map<String, Object> post =
        createPost(owner, Map.of("text", "mine", "account_ids", List.of(account)));

    get(stranger, "/v1/posts/" + post.get("id"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    get(stranger, "/v1/accounts/" + account).exchange().expectStatus().isNotFound();
    post(stranger, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "steal", "account_ids", List.of(account)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts");
  }

  @Test
  void listingWalksThreePagesNewestFirst() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(
          (String)
              createPost(tenant, Map.of("text", "post " + i, "account_ids", List.of(account)))
                  .get("id"));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> page =
          get(tenant, "/v1/posts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      ((List<Map<String, Object>>) page.get("data")).forEach(p -> seen.add((String) p.get("id")));
      cursor = (String) page.get("next_cursor");
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    java.util.Collections.reverse(created);
    assertThat(seen).containsExactlyElementsOf(created);
    get(tenant, "/v1/posts?platform=bluesky")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(0);
    get(tenant, "/v1/posts?platform=myspace")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.valid_values")
        .isArray();
  }

  @Test
  void idempotencyKeyReplaysTheFirstResponseAndRefusesADifferentBody() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Map<String, Object> body = Map.of("text", "once", "account_ids", List.of(account));

    Map<String, Object> first =
        (Map<String, Object>)
            post(tenant, "/v1/posts")
                .header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");
    Map<String, Object> again =
        (Map<String, Object>)
            post(tenant, "/v1/posts")
                .header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Idempotent-Replayed", "true")
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");

    assertThat(again).isEqualTo(first);
    get(tenant, "/v1/posts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(1);
    post(tenant, "/v1/posts")
        .header("Idempotency-Key", "k-1")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "twice", "account_ids", List.of(account)))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("idempotency.mismatch");
  }

  @Test
  void aKeyWithoutTheScopeIsForbidden() {
    Tenant readOnly = newTenant();
    db.sql("UPDATE api_keys SET scopes = '{posts:read}' WHERE workspace_id = :ws")
        .bind("ws", readOnly.workspaceId())
        .fetch()
        .rowsUpdated()
        .block();

    // the bootstrap key of `readOnly` was never used, so the cache holds nothing stale
    post(readOnly, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "x", "account_ids", List.of("acc_1")))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope")
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:write");
  }
}

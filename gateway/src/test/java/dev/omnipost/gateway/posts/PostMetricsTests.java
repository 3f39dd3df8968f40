package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.Ids;
import dev.omnipost.sandbox.PlatformSandbox;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /v1/posts/{id}/metrics} against the platform sandbox, whose Mastodon counters grow
 * with a status's age: a read inside the TTL (2 s in the tests) answers the cache without asking
 * the platform (same {@code fetched_at}), a read after it shows the new numbers, and a platform
 * failure answers the cached counters with the target's error.
 */
@SuppressWarnings("unchecked")
class PostMetricsTests extends PostLifecycleTestSupport {

  private static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);

  private record SandboxMastodon(String accountId, String platformAccountId, String token) {}

  @Test
  void readsTheCountersOnceWithinTheTtlAndAgainAfterIt() {
    Tenant tenant = newTenant();
    SandboxMastodon account = mastodon(tenant);
    String postId = publishedOnSandbox(tenant, account, "Count me");

    Map<String, Object> first = onlyTarget(metrics(tenant, postId));
    Map<String, Object> cached = onlyTarget(metrics(tenant, postId));

    assertThat((Map<String, Object>) first.get("counters"))
        .containsKeys("likes", "shares", "comments");
    assertThat(first.get("error")).isNull();
    assertThat(cached.get("fetched_at")).isEqualTo(first.get("fetched_at"));
    assertThat(cached.get("counters")).isEqualTo(first.get("counters"));
    Instant firstFetch = Instant.parse((String) first.get("fetched_at"));
    long firstLikes = likes(first);
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, Object> later = onlyTarget(metrics(tenant, postId));
              assertThat(Instant.parse((String) later.get("fetched_at"))).isAfter(firstFetch);
              assertThat(likes(later)).isGreaterThan(firstLikes);
            });
  }

  @Test
  void answersTheCachedCountersWithTheErrorWhenThePlatformFails() {
    Tenant tenant = newTenant();
    SandboxMastodon account = mastodon(tenant);
    String postId = publishedOnSandbox(tenant, account, "Flaky");
    Map<String, Object> first = onlyTarget(metrics(tenant, postId));
    jdbc.sql(
            "UPDATE post_target_metrics SET fetched_at = now() - interval '1 hour'"
                + " WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .update();
    SANDBOX
        .control()
        .failNext("mastodon", account.platformAccountId(), new InjectedFailure(503, null), 1);

    Map<String, Object> answer = onlyTarget(metrics(tenant, postId));

    assertThat(answer.get("counters")).isEqualTo(first.get("counters"));
    assertThat((Map<String, Object>) answer.get("error"))
        .containsEntry("code", "platform.unavailable");
  }

  @Test
  void refusesToReadFromAnInstanceTheSsrfGuardDoesNotAllow() {
    Tenant tenant = newTenant();
    SandboxMastodon account = mastodon(tenant);
    String postId = publishedOnSandbox(tenant, account, "Read me from elsewhere");
    // the same sandbox, reached as 127.0.0.2: loopback outside the allow-list (127.0.0.1 only)
    jdbc.sql("UPDATE accounts SET settings = CAST(:settings AS jsonb) WHERE id = :id")
        .param(
            "settings", "{\"instance_url\":\"http://127.0.0.2:" + SANDBOX.port() + "/mastodon\"}")
        .param("id", account.accountId())
        .update();

    Map<String, Object> target = onlyTarget(metrics(tenant, postId));

    assertThat(target.get("counters")).isNull();
    assertThat((Map<String, Object>) target.get("error"))
        .containsEntry("code", "platform.instance_not_allowed")
        .hasEntrySatisfying(
            "message", message -> assertThat((String) message).contains("a loopback address"));
  }

  @Test
  void explainsWhyATargetThatIsNotLiveHasNoCounters() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Not yet", account);

    Map<String, Object> target = onlyTarget(metrics(tenant, postId));

    assertThat(target.get("counters")).isNull();
    assertThat((Map<String, Object>) target.get("error"))
        .containsEntry("code", "post.not_published");
  }

  @Test
  void answers404ForAnotherWorkspacesPost() {
    Tenant owner = newTenant();
    String postId = draft(owner, "Mine", connect(owner, "mastodon"));

    get(newTenant(), "/v1/posts/" + postId + "/metrics")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
  }

  // --- fixtures

  private Map<String, Object> metrics(Tenant tenant, String postId) {
    return (Map<String, Object>)
        get(tenant, "/v1/posts/" + postId + "/metrics")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private static Map<String, Object> onlyTarget(Map<String, Object> metrics) {
    List<Map<String, Object>> targets = (List<Map<String, Object>>) metrics.get("targets");
    assertThat(targets).hasSize(1);
    return targets.get(0);
  }

  private static long likes(Map<String, Object> target) {
    return ((Number) ((Map<String, Object>) target.get("counters")).get("likes")).longValue();
  }

  /** A Mastodon account known to the sandbox and imported into the tenant's workspace. */
  private SandboxMastodon mastodon(Tenant tenant) {
    String platformAccountId =
        String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    String token = "token-" + Ids.randomBase62(20);
    SANDBOX
        .control()
        .registerAccount(
            new SandboxAccount("mastodon", platformAccountId, "agency" + platformAccountId, token));
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
                    "mastodon",
                    "platform_account_id",
                    platformAccountId,
                    "handle",
                    "@agency",
                    "name",
                    "Agency",
                    "access_token",
                    token,
                    "settings",
                    Map.of("instance_url", SANDBOX.mastodonInstanceUrl())))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return new SandboxMastodon(
        (String) ((Map<String, Object>) body.get("data")).get("id"), platformAccountId, token);
  }

  /** A post whose one target is the status just posted on the sandbox, as the worker records it. */
  private String publishedOnSandbox(Tenant tenant, SandboxMastodon account, String text) {
    Map<String, Object> status =
        WebTestClient.bindToServer()
            .baseUrl(SANDBOX.mastodonInstanceUrl())
            .build()
            .post()
            .uri("/api/v1/statuses")
            .header("Authorization", "Bearer " + account.token())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("status", text))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String postId = draft(tenant, text, account.accountId());
    jdbc.sql(
            "UPDATE post_targets SET status = 'published', published_at = now(),"
                + " platform_post_id = :statusId WHERE post_id = :post")
        .param("statusId", status.get("id"))
        .param("post", postId)
        .update();
    setPostStatus(postId, "published");
    return postId;
  }
}

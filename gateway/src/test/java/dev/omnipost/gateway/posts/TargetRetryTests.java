package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/posts/{id}/retry}: failed and unconfirmed targets go back to the queue. */
class TargetRetryTests extends PostLifecycleTestSupport {

  @Test
  void aFailedTargetIsQueuedAgainFromACleanStepState() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, account);
    String target = targetId(tenant, postId, account);
    settleAsWorker(target, "failed", null);
    setPostStatus(postId, "failed");

    action(tenant, postId, "retry", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("publishing")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("queued")
        .jsonPath("$.data.targets[0].error")
        .isEmpty()
        .jsonPath("$.data.targets[0].attempts")
        .isEqualTo(2);

    Map<String, Object> row = targetRow(target);
    assertThat(row.get("status")).isEqualTo("queued");
    assertThat(row)
        .containsEntry("step_state", null)
        .containsEntry("step_attempt", null)
        .containsEntry("step_attempt_at", null)
        .containsEntry("lease_until", null)
        .containsEntry("next_check_at", null)
        .containsEntry("claimed_at", null)
        .containsEntry("transient_failures", 0);
    assertThat(((Timestamp) row.get("due_at")).toInstant())
        .isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void theRequeuedTargetsArePublishedInTheTraceOfTheRetryRequest() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, account);
    settleAsWorker(targetId(tenant, postId, account), "failed", null);
    setPostStatus(postId, "failed");
    String created = postTraceparent(postId);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String clientSpan = "00f067aa0ba902b7";

    post(tenant, "/v1/posts/" + postId + "/retry")
        .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
        .exchange()
        .expectStatus()
        .isOk();

    // the scheduler gives posts.traceparent to the publish commands it queues (ADR 26, ADR 30)
    assertThat(postTraceparent(postId))
        .isNotEqualTo(created)
        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
        .doesNotContain(clientSpan);
  }

  private String postTraceparent(String postId) {
    return jdbc.sql("SELECT traceparent FROM posts WHERE id = :id")
        .param("id", postId)
        .query(String.class)
        .single();
  }

  @Test
  void anUnconfirmedTargetWithoutAPlatformIdIsRetriedAndOneWithAnIdIsNeverReposted() {
    Tenant tenant = newTenant();
    String unknown = connect(tenant, "mastodon");
    String onPlatform = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, unknown, onPlatform);
    String unknownTarget = targetId(tenant, postId, unknown);
    String onPlatformTarget = targetId(tenant, postId, onPlatform);
    settleAsWorker(unknownTarget, "unconfirmed", null);
    settleAsWorker(onPlatformTarget, "unconfirmed", "109876543210");
    setPostStatus(postId, "failed");

    action(tenant, postId, "retry", Map.of("target_ids", List.of(onPlatformTarget)))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_retryable")
        .jsonPath("$.error.meta.target_ids[0]")
        .isEqualTo(onPlatformTarget)
        .jsonPath("$.error.meta.targets[0].platform_post_id")
        .isEqualTo("109876543210");
    action(tenant, postId, "retry", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("queued")
        .jsonPath("$.data.targets[1].status")
        .isEqualTo("unconfirmed");

    assertThat(targetRow(unknownTarget).get("step_attempt")).isNull();
    assertThat(targetRow(onPlatformTarget).get("step_attempt")).isEqualTo("create_status");
  }

  @Test
  void onlyTheNamedTargetsAreRetried() {
    Tenant tenant = newTenant();
    String first = connect(tenant, "mastodon");
    String second = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, first, second);
    String firstTarget = targetId(tenant, postId, first);
    String secondTarget = targetId(tenant, postId, second);
    settleAsWorker(firstTarget, "failed", null);
    settleAsWorker(secondTarget, "failed", null);
    setPostStatus(postId, "failed");

    action(tenant, postId, "retry", Map.of("target_ids", List.of(secondTarget)))
        .expectStatus()
        .isOk();

    assertThat(targetRow(firstTarget).get("status")).isEqualTo("failed");
    assertThat(targetRow(secondTarget).get("status")).isEqualTo("queued");
  }

  @Test
  void unknownTargetIdsAndAnotherPostsTargetsAreRefusedWithTheIds() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, account);
    String otherPostsTarget = targetId(tenant, publishedNow(tenant, account), account);
    settleAsWorker(targetId(tenant, postId, account), "failed", null);

    action(tenant, postId, "retry", Map.of("target_ids", List.of("tgt_nope", otherPostsTarget)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_targets")
        .jsonPath("$.error.meta.field")
        .isEqualTo("target_ids")
        .jsonPath("$.error.meta.target_ids.length()")
        .isEqualTo(2)
        .jsonPath("$.error.meta.target_ids[1]")
        .isEqualTo(otherPostsTarget);
    for (Object bad : List.of(List.of(), List.of("a", "a"), "tgt_1")) {
      action(tenant, postId, "retry", Map.of("target_ids", bad))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.meta.field")
          .isEqualTo("target_ids");
    }
    assertThat(targetRow(targetId(tenant, postId, account)).get("status")).isEqualTo("failed");
  }

  @Test
  void targetsInAnyOtherStateAreNotRetryable() {
    Tenant tenant = newTenant();
    String failed = connect(tenant, "mastodon");
    String published = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, failed, published);
    String failedTarget = targetId(tenant, postId, failed);
    String publishedTarget = targetId(tenant, postId, published);
    settleAsWorker(failedTarget, "failed", null);
    jdbc.sql("UPDATE post_targets SET status = 'published', platform_post_id = '9' WHERE id = :id")
        .param("id", publishedTarget)
        .update();
    setPostStatus(postId, "partially_published");

    action(tenant, postId, "retry", Map.of("target_ids", List.of(failedTarget, publishedTarget)))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_retryable")
        .jsonPath("$.error.meta.target_ids.length()")
        .isEqualTo(1)
        .jsonPath("$.error.meta.target_ids[0]")
        .isEqualTo(publishedTarget)
        .jsonPath("$.error.meta.targets[0].status")
        .isEqualTo("published");
    assertThat(targetRow(failedTarget).get("status")).isEqualTo("failed");

    String draftId = draft(tenant, "Nothing failed", failed);
    action(tenant, draftId, "retry", null)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_retryable")
        .jsonPath("$.error.meta.status")
        .isEqualTo("draft");
  }

  @Test
  void aTargetWhoseAccountNeedsReconnectingIsNotRetried() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedNow(tenant, account);
    String target = targetId(tenant, postId, account);
    settleAsWorker(target, "failed", null);
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = :id").param("id", account).update();

    action(tenant, postId, "retry", null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.account_not_connected")
        .jsonPath("$.error.meta.account_ids[0]")
        .isEqualTo(account);
    assertThat(targetRow(target).get("status")).isEqualTo("failed");
  }

  @Test
  void retryingNeedsPostsPublishAndThePostsWorkspaceAndBrand() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String globexAccount = connect(agency, "mastodon");
    moveToBrand(agency, globexAccount, globex);
    String postId = publishedNow(agency, globexAccount);
    String target = targetId(agency, postId, globexAccount);
    settleAsWorker(target, "failed", null);

    action(keyWithScopes(agency, "posts:write", "posts:read"), postId, "retry", null)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    for (Tenant intruder : List.of(newTenant(), keyRestrictedToBrands(agency, acme))) {
      action(intruder, postId, "retry", Map.of("target_ids", List.of(target)))
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("resource.not_found");
    }
    assertThat(targetRow(target).get("status")).isEqualTo("failed");
  }

  private String publishedNow(Tenant tenant, String... accounts) {
    return (String)
        createPost(tenant, Map.of("text", "Out now", "account_ids", List.of(accounts))).get("id");
  }
}

package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** {@code DELETE /v1/posts/{id}}: cancels a post that has not started publishing. */
class PostCancelTests extends PostLifecycleTestSupport {

  /**
   * The publisher-worker scheduler's claim ({@code DueTargetClaimer.CLAIM}), limited to one post:
   * locks due waiting targets with {@code SKIP LOCKED} and moves them to {@code publishing}.
   */
  private static final String CLAIM =
      "UPDATE post_targets SET status = 'publishing', claimed_at = now(), updated_at = now()"
          + " WHERE id IN (SELECT id FROM post_targets WHERE post_id = ?"
          + " AND status IN ('queued', 'scheduled') AND due_at <= now()"
          + " ORDER BY due_at FOR UPDATE SKIP LOCKED)";

  @Autowired DataSource dataSource;

  @Test
  void cancelingAScheduledPostCancelsEveryTargetAndRecordsPostCanceled() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String bluesky = connect(tenant, "bluesky");
    String postId = scheduled(tenant, "Never mind", mastodon, bluesky);

    cancel(tenant, postId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("canceled")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("canceled")
        .jsonPath("$.data.targets[1].status")
        .isEqualTo("canceled");

    assertThat(read(tenant, postId).get("status")).isEqualTo("canceled");
    assertThat(events(tenant, "post.canceled", postId)).isEqualTo(1);
    get(tenant, "/v1/events?type=post.canceled")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].subject")
        .isEqualTo(postId)
        .jsonPath("$.data[0].data.account_ids.length()")
        .isEqualTo(2);
  }

  @Test
  void aDraftAndAQueuedPostNotYetClaimedCanBeCanceled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String draftId = draft(tenant, "Draft", account);
    String queuedId =
        (String)
            createPost(tenant, Map.of("text", "Now", "account_ids", List.of(account))).get("id");

    cancel(tenant, draftId).expectStatus().isOk();
    cancel(tenant, queuedId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("canceled");
  }

  @Test
  void aCanceledPostsTargetsAreNeverClaimed() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Due any moment", account);
    cancel(tenant, postId).expectStatus().isOk();
    jdbc.sql("UPDATE post_targets SET due_at = now() - interval '1 second' WHERE post_id = :id")
        .param("id", postId)
        .update();

    try (Connection claimer = dataSource.getConnection()) {
      assertThat(claim(claimer, postId)).isZero();
    }
    assertThat(targetRow(targetId(tenant, postId, account)).get("status")).isEqualTo("canceled");
  }

  @Test
  void aCancelThatRacesTheSchedulersClaimLosesWithA409AndLeavesTheClaimAlone() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Racing", account);
    String target = targetId(tenant, postId, account);
    jdbc.sql("UPDATE post_targets SET due_at = now() - interval '1 second' WHERE id = :id")
        .param("id", target)
        .update();

    EntityExchangeResult<byte[]> answer;
    try (Connection claimer = dataSource.getConnection()) {
      claimer.setAutoCommit(false);
      assertThat(claim(claimer, postId)).isEqualTo(1);
      CompletableFuture<EntityExchangeResult<byte[]>> canceling =
          CompletableFuture.supplyAsync(() -> cancel(tenant, postId).expectBody().returnResult());
      await().atMost(Duration.ofSeconds(5)).until(() -> waitingForALock() || canceling.isDone());
      assertThat(canceling).isNotDone();
      claimer.commit();
      answer = canceling.get(10, TimeUnit.SECONDS);
    }

    assertThat(answer.getStatus().value()).isEqualTo(409);
    assertThat(new String(answer.getResponseBody()))
        .contains("\"code\":\"post.not_cancelable\"")
        .contains("/unpublish")
        .contains("\"status\":\"publishing\"");
    assertThat(targetRow(target).get("status")).isEqualTo("publishing");
    assertThat(events(tenant, "post.canceled", postId)).isZero();
  }

  @Test
  void aPostWithATargetPublishingOrPublishedIsNotCancelable() {
    Tenant tenant = newTenant();
    String first = connect(tenant, "mastodon");
    String second = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Half out", first, second);
    String published = targetId(tenant, postId, first);
    jdbc.sql(
            "UPDATE post_targets SET status = 'published', platform_post_id = '123'"
                + " WHERE id = :id")
        .param("id", published)
        .update();
    setPostStatus(postId, "publishing");

    cancel(tenant, postId)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_cancelable")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("unpublish"))
        .jsonPath("$.error.meta.targets.length()")
        .isEqualTo(1)
        .jsonPath("$.error.meta.targets[0].id")
        .isEqualTo(published)
        .jsonPath("$.error.meta.targets[0].status")
        .isEqualTo("published");

    assertThat(targetRow(targetId(tenant, postId, second)).get("status")).isEqualTo("scheduled");
    assertThat(events(tenant, "post.canceled", postId)).isZero();
  }

  @Test
  void aCanceledPostCannotBeCanceledAgainNorEdited() {
    Tenant tenant = newTenant();
    String postId = scheduled(tenant, "Gone", connect(tenant, "mastodon"));
    cancel(tenant, postId).expectStatus().isOk();

    cancel(tenant, postId)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_cancelable")
        .jsonPath("$.error.meta.status")
        .isEqualTo("canceled");
    patch(tenant, postId, Map.of("text", "Back?"))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_editable");
    action(tenant, postId, "publish", null).expectStatus().isEqualTo(409);
    assertThat(events(tenant, "post.canceled", postId)).isEqualTo(1);
  }

  @Test
  void aKeyWithOnlyPostsWriteCancelsDraftsButNotScheduledPosts() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant writer = keyWithScopes(owner, "posts:write", "posts:read");
    String draftId = draft(owner, "Draft", account);
    String scheduledId = scheduled(owner, "Scheduled", account);

    cancel(writer, draftId).expectStatus().isOk();
    cancel(writer, scheduledId)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    cancel(keyWithScopes(owner, "posts:read"), scheduledId).expectStatus().isForbidden();
    assertThat(read(owner, scheduledId).get("status")).isEqualTo("scheduled");
  }

  @Test
  void otherWorkspacesAndOtherBrandsPostsAreNotFound() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String acmeAccount = connect(agency, "mastodon");
    String globexAccount = connect(agency, "mastodon");
    moveToBrand(agency, acmeAccount, acme);
    moveToBrand(agency, globexAccount, globex);
    String mixed = scheduled(agency, "Both brands", acmeAccount, globexAccount);
    Tenant acmeKey = keyRestrictedToBrands(agency, acme);

    cancel(newTenant(), mixed).expectStatus().isNotFound();
    cancel(acmeKey, mixed)
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    cancel(agency, "post_nope").expectStatus().isNotFound();
    assertThat(read(agency, mixed).get("status")).isEqualTo("scheduled");
    cancel(acmeKey, scheduled(agency, "Acme only", acmeAccount)).expectStatus().isOk();
  }

  private static int claim(Connection connection, String postId) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
      statement.setString(1, postId);
      return statement.executeUpdate();
    }
  }

  /** Whether a session is waiting for a row lock of the post's targets (the cancel). */
  private boolean waitingForALock() {
    return jdbc.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%post_targets%'")
            .query(Long.class)
            .single()
        > 0;
  }
}

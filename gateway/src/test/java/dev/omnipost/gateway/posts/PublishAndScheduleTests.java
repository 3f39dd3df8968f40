package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/posts/{id}/publish} and {@code …/schedule}, and the clock-skew rule of {@code
 * scheduled_at} they share with creation.
 */
class PublishAndScheduleTests extends PostLifecycleTestSupport {

  @Test
  void publishingADraftQueuesItsTargetsDueNow() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Go", account);

    action(tenant, postId, "publish", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("publishing")
        .jsonPath("$.data.scheduled_at")
        .isEmpty()
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("queued");

    assertThat(dueAt(targetId(tenant, postId, account)))
        .isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void publishingRevalidatesTheDraft() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Go", account);
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = :id").param("id", account).update();

    action(tenant, postId, "publish", null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.account_not_connected");

    assertThat(read(tenant, postId).get("status")).isEqualTo("draft");
  }

  @Test
  void onlyADraftCanBePublishedNow() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String scheduledId = scheduled(tenant, "Later", account);
    String postId = draft(tenant, "Once", account);
    action(tenant, postId, "publish", null).expectStatus().isOk();

    action(tenant, postId, "publish", null)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_publishable")
        .jsonPath("$.error.meta.status")
        .isEqualTo("publishing");
    action(tenant, scheduledId, "publish", null)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.meta.status")
        .isEqualTo("scheduled")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("/schedule"));
  }

  @Test
  void schedulingADraftAcceptsAnyOffsetStoresUtcAndRecordsPostScheduled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Planned", account);
    OffsetDateTime berlin =
        OffsetDateTime.now(ZoneOffset.ofHours(2)).plusDays(2).truncatedTo(ChronoUnit.SECONDS);

    // formatted with its seconds: OffsetDateTime.toString() leaves ":00" out, which RFC 3339 needs
    String scheduledAt =
        berlin.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    action(tenant, postId, "schedule", Map.of("scheduled_at", scheduledAt))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("scheduled")
        .jsonPath("$.data.scheduled_at")
        .isEqualTo(berlin.toInstant().toString())
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("scheduled");

    assertThat(dueAt(targetId(tenant, postId, account))).isEqualTo(berlin.toInstant());
    assertThat(events(tenant, "post.scheduled", postId)).isEqualTo(1);
  }

  @Test
  void reschedulingAScheduledPostMovesItsDueTime() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Moving", account);
    Instant later = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    action(tenant, postId, "schedule", Map.of("scheduled_at", later.toString()))
        .expectStatus()
        .isOk();

    assertThat(dueAt(targetId(tenant, postId, account))).isEqualTo(later);
    assertThat(events(tenant, "post.scheduled", postId)).isEqualTo(2);
  }

  @Test
  void aTimeWithinSixtySecondsOfClockSkewPublishesNow() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Skewed", account);
    String thirtySecondsAgo = Instant.now().minusSeconds(30).toString();

    action(tenant, postId, "schedule", Map.of("scheduled_at", thirtySecondsAgo))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("publishing")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("queued");

    Map<String, Object> created =
        createPost(
            tenant,
            Map.of(
                "text",
                "Skewed create",
                "account_ids",
                List.of(account),
                "scheduled_at",
                thirtySecondsAgo));
    assertThat(created.get("status")).isEqualTo("publishing");
    assertThat(created.get("scheduled_at")).isNull();
  }

  @Test
  void aTimeMoreThanSixtySecondsAgoIsRefused() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Past", account);

    action(
            tenant,
            postId,
            "schedule",
            Map.of("scheduled_at", Instant.now().minusSeconds(90).toString()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.scheduled_at_in_past")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at");
    assertThat(read(tenant, postId).get("status")).isEqualTo("draft");
  }

  @Test
  void scheduleRefusesMissingAndMalformedTimes() {
    Tenant tenant = newTenant();
    String postId = draft(tenant, "When?", connect(tenant, "mastodon"));

    for (Object body : List.of(Map.of(), Map.of("when", "soon"))) {
      action(tenant, postId, "schedule", body)
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.missing_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("scheduled_at");
    }
    action(tenant, postId, "schedule", null).expectStatus().isBadRequest();
    for (String bad :
        List.of(
            "tomorrow",
            "2030-01-01",
            "2030-01-01T09:00",
            "2030-01-01T09:00Z",
            "20300-01-01T09:00:00Z")) {
      action(tenant, postId, "schedule", Map.of("scheduled_at", bad))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("scheduled_at");
    }
  }

  @Test
  void onlyDraftsAndScheduledPostsCanBeScheduled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId =
        (String)
            createPost(tenant, Map.of("text", "Now", "account_ids", List.of(account))).get("id");

    action(tenant, postId, "schedule", Map.of("scheduled_at", inOneDay()))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_schedulable")
        .jsonPath("$.error.meta.status")
        .isEqualTo("publishing");
  }

  @Test
  void publishingAndSchedulingNeedPostsPublish() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant writer = keyWithScopes(owner, "posts:write", "posts:read");
    String postId = draft(owner, "Draft", account);

    action(writer, postId, "publish", null)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    action(writer, postId, "schedule", Map.of("scheduled_at", inOneDay()))
        .expectStatus()
        .isForbidden();
    assertThat(read(owner, postId).get("status")).isEqualTo("draft");
  }

  @Test
  void otherWorkspacesAndOtherBrandsPostsAreNotFound() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String globexAccount = connect(agency, "mastodon");
    moveToBrand(agency, globexAccount, globex);
    String postId = draft(agency, "Globex's", globexAccount);

    for (Tenant intruder : List.of(newTenant(), keyRestrictedToBrands(agency, acme))) {
      action(intruder, postId, "publish", null).expectStatus().isNotFound();
      action(intruder, postId, "schedule", Map.of("scheduled_at", inOneDay()))
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("resource.not_found");
    }
    action(agency, "post_nope", "publish", null).expectStatus().isNotFound();
    assertThat(read(agency, postId).get("status")).isEqualTo("draft");
  }
}

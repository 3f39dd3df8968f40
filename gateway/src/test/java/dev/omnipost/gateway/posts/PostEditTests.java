package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** {@code PATCH /v1/posts/{id}}: edits a draft or scheduled post, validated as creation is. */
class PostEditTests extends PostLifecycleTestSupport {

  @Test
  void editsADraftsTextAndEveryTargetGetsIt() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String bluesky = connect(tenant, "bluesky");
    String postId = draft(tenant, "First words", mastodon, bluesky);

    patch(tenant, postId, Map.of("text", "Better words"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("draft")
        .jsonPath("$.data.text")
        .isEqualTo("Better words")
        .jsonPath("$.data.targets[0].text")
        .isEqualTo("Better words")
        .jsonPath("$.data.targets[1].text")
        .isEqualTo("Better words")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("draft");

    assertThat(read(tenant, postId).get("text")).isEqualTo("Better words");
  }

  @Test
  void changingAccountIdsReplacesTheTargetsAndKeepsTheIdsOfAccountsThatStay() {
    Tenant tenant = newTenant();
    String stays = connect(tenant, "mastodon");
    String goes = connect(tenant, "mastodon");
    String comes = connect(tenant, "bluesky");
    String postId = draft(tenant, "Moving", stays, goes);
    String keptTarget = targetId(tenant, postId, stays);
    String droppedTarget = targetId(tenant, postId, goes);

    patch(tenant, postId, Map.of("account_ids", List.of(stays, comes)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.account_ids.length()")
        .isEqualTo(2)
        .jsonPath("$.data.targets[0].id")
        .isEqualTo(keptTarget)
        .jsonPath("$.data.targets[1].account_id")
        .isEqualTo(comes)
        .jsonPath("$.data.targets[1].platform")
        .isEqualTo("bluesky");

    assertThat(targets(read(tenant, postId)))
        .extracting(t -> t.get("id"))
        .doesNotContain(droppedTarget);
  }

  @Test
  void overridesOfAnAccountThePostNoLongerGoesToAreDroppedNotRefused() {
    Tenant tenant = newTenant();
    String stays = connect(tenant, "mastodon");
    String goes = connect(tenant, "mastodon");
    String postId =
        (String)
            createPost(
                    tenant,
                    Map.of(
                        "text",
                        "Base",
                        "account_ids",
                        List.of(stays, goes),
                        "overrides",
                        Map.of(goes, Map.of("text", "Only for goes"), "mastodon", Map.of()),
                        "draft",
                        true))
                .get("id");

    patch(tenant, postId, Map.of("account_ids", List.of(stays)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.targets.length()")
        .isEqualTo(1)
        .jsonPath("$.data.targets[0].text")
        .isEqualTo("Base");
  }

  @Test
  void anEditIsValidatedExactlyAsCreationIs() {
    Tenant tenant = newTenant();
    String x = connect(tenant, "x");
    String postId = draft(tenant, "Short", x);

    patch(tenant, postId, Map.of("text", "a".repeat(281)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.validation_failed")
        .jsonPath("$.error.meta.violations[0].code")
        .isEqualTo("text.too_long");
    patch(tenant, postId, Map.of("account_ids", List.of(x, "acc_nope")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts")
        .jsonPath("$.error.meta.account_ids[0]")
        .isEqualTo("acc_nope");
    patch(tenant, postId, Map.of("account_ids", List.of()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("account_ids");
    patch(tenant, postId, Map.of("media_ids", List.of("med_nope")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_media");
    patch(tenant, postId, Map.of("overrides", Map.of("acc_other", Map.of("text", "x"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.invalid_override");
    patch(tenant, postId, Map.of("text", " "))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("text");
    patch(tenant, postId, Map.of("scheduled_at", "next tuesday"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at");
    patch(tenant, postId, Map.of("text", 42, "account_ids", "not a list"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .value(code -> assertThat((String) code).startsWith("request."));

    assertThat(read(tenant, postId).get("text")).isEqualTo("Short");
  }

  @Test
  void aMalformedBodyIsA400() {
    Tenant tenant = newTenant();
    String postId = draft(tenant, "Draft", connect(tenant, "mastodon"));

    http.patch()
        .uri("/v1/posts/" + postId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"text\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
  }

  @Test
  void reschedulingMovesTheDueTimeAndRecordsPostScheduled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Later", account);
    Instant later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    patch(tenant, postId, Map.of("scheduled_at", later.toString(), "text", "Even later"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("scheduled")
        .jsonPath("$.data.scheduled_at")
        .isEqualTo(later.toString());

    assertThat(dueAt(targetId(tenant, postId, account))).isEqualTo(later);
    assertThat(events(tenant, "post.scheduled", postId)).isEqualTo(2);
  }

  @Test
  void aScheduledPostBecomesADraftAndADraftIsScheduledWithDraftFalse() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "Back and forth", account);
    String target = targetId(tenant, postId, account);

    patch(tenant, postId, Map.of("draft", true))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("draft")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("draft");
    assertThat(targetRow(target).get("due_at")).isNull();

    patch(tenant, postId, Map.of("draft", false))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("scheduled")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("scheduled");
    assertThat(targetRow(target).get("due_at")).isNotNull();
  }

  @Test
  void aDraftWithoutAPlannedTimeIsNotScheduledByDraftFalse() {
    Tenant tenant = newTenant();
    String postId = draft(tenant, "No time", connect(tenant, "mastodon"));

    patch(tenant, postId, Map.of("draft", false))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("scheduled_at")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("/publish"));
  }

  @Test
  void aPostThatStartedPublishingIsNotEditable() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId =
        (String)
            createPost(tenant, Map.of("text", "Now", "account_ids", List.of(account))).get("id");

    patch(tenant, postId, Map.of("text", "Too late"))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.not_editable")
        .jsonPath("$.error.meta.status")
        .isEqualTo("publishing");

    setPostStatus(postId, "published");
    patch(tenant, postId, Map.of("text", "Too late"))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.meta.status")
        .isEqualTo("published");
  }

  @Test
  void aKeyWithOnlyPostsWriteEditsDraftsButNotScheduledPosts() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant writer = keyWithScopes(owner, "posts:write", "posts:read");
    String draftId = draft(owner, "Draft", account);
    String scheduledId = scheduled(owner, "Scheduled", account);

    patch(writer, draftId, Map.of("text", "Edited")).expectStatus().isOk();
    patch(writer, draftId, Map.of("draft", false, "scheduled_at", inOneDay()))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    patch(writer, scheduledId, Map.of("text", "Edited"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope");
    patch(keyWithScopes(owner, "posts:publish"), draftId, Map.of("text", "x"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:write");
    assertThat(read(owner, scheduledId).get("text")).isEqualTo("Scheduled");
  }

  @Test
  void unknownAndOtherWorkspacesPostsAreNotFound() {
    Tenant owner = newTenant();
    Tenant stranger = newTenant();
    String postId = draft(owner, "Mine", connect(owner, "mastodon"));

    patch(stranger, postId, Map.of("text", "Theirs"))
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    patch(owner, "post_nope", Map.of("text", "x")).expectStatus().isNotFound();
    assertThat(read(owner, postId).get("text")).isEqualTo("Mine");
  }

  @Test
  void aBrandRestrictedKeyEditsOnlyPostsWithinItsBrandsAndOnlyOntoItsAccounts() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String acmeAccount = connect(agency, "mastodon");
    String globexAccount = connect(agency, "mastodon");
    moveToBrand(agency, acmeAccount, acme);
    moveToBrand(agency, globexAccount, globex);
    Tenant acmeKey = keyRestrictedToBrands(agency, acme);
    String acmePost = draft(agency, "Acme's", acmeAccount);
    String mixedPost = draft(agency, "Both", acmeAccount, globexAccount);

    patch(acmeKey, mixedPost, Map.of("text", "Mine now")).expectStatus().isNotFound();
    patch(acmeKey, acmePost, Map.of("account_ids", List.of(acmeAccount, globexAccount)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts")
        .jsonPath("$.error.meta.account_ids[0]")
        .isEqualTo(globexAccount);
    patch(acmeKey, acmePost, Map.of("text", "Still Acme's")).expectStatus().isOk();
  }
}

package dev.omnipost.publisher.publishing;

import static dev.omnipost.publisher.TestPlatforms.RATE_LIMIT_RESET_SECONDS;
import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.SandboxPost;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishingTests extends PublisherIntegrationTest {

  private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);

  @Test
  void publishesAQueuedMastodonTargetOnce() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);

    String post = data.queuedPost(workspace, "Hello fediverse", List.of(), mastodon);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("published"));
    List<SandboxPost> onPlatform =
        SANDBOX.control().posts("mastodon", mastodon.platformAccountId());
    assertThat(onPlatform)
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo("Hello fediverse"));
    Map<String, Object> target = data.target(post, mastodon);
    assertThat(target)
        .containsEntry("status", "published")
        .containsEntry("platform_post_id", onPlatform.get(0).id())
        .containsEntry("permalink", onPlatform.get(0).permalink())
        .containsEntry("attempts", 1);
    assertThat(target.get("published_at")).isNotNull();
    assertThat(onPlatform.get(0).idempotencyKey()).isEqualTo(target.get("id"));
    assertThat(data.eventTypes(workspace, post))
        .containsExactly("post.target.published", "post.published");
  }

  @Test
  void publishesAnInstagramImageFetchedFromItsPublicMediaUrl() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String image = data.image(workspace, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});

    String post = data.queuedPost(workspace, "Sunset #agency", List.of(image), instagram);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("published"));
    SandboxPost onPlatform =
        SANDBOX.control().posts("instagram", instagram.platformAccountId()).get(0);
    assertThat(onPlatform.text()).isEqualTo("Sunset #agency");
    assertThat(onPlatform.mediaUrls()).singleElement().asString().contains("/media/");
    assertThat(data.target(post, instagram))
        .containsEntry("status", "published")
        .containsEntry("platform_post_id", onPlatform.id())
        .containsEntry("permalink", onPlatform.permalink());
    assertThat(onPlatform.permalink()).isNotBlank();
  }

  @Test
  void retriesATransientPlatformFailureThroughARetryTopic() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .failNext("mastodon", mastodon.platformAccountId(), new InjectedFailure(503, null), 1);

    String post = data.queuedPost(workspace, "Second time lucky", List.of(), mastodon);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("published"));
    assertThat(data.target(post, mastodon))
        .containsEntry("status", "published")
        .containsEntry("attempts", 2)
        .containsEntry("error_code", null);
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
  }

  @Test
  void waitsAtLeastAsLongAsARateLimitedPlatformAsks() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .failNext("mastodon", mastodon.platformAccountId(), new InjectedFailure(429, null), 1);

    String post = data.queuedPost(workspace, "Patience", List.of(), mastodon);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("published"));
    Map<String, Object> target = data.target(post, mastodon);
    assertThat(target).containsEntry("attempts", 2);
    Instant created = ((Timestamp) target.get("created_at")).toInstant();
    Instant published = ((Timestamp) target.get("published_at")).toInstant();
    // the configured schedule alone would have retried after 1 s
    assertThat(Duration.between(created, published))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(RATE_LIMIT_RESET_SECONDS).minusMillis(200));
  }

  @Test
  void failsARejectedPostWithThePlatformsOwnMessage() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String platformMessage = "Validation failed: Text character limit of 500 exceeded";
    SANDBOX
        .control()
        .failNext(
            "mastodon",
            mastodon.platformAccountId(),
            new InjectedFailure(422, "{\"error\":\"" + platformMessage + "\"}"),
            1);

    String post = data.queuedPost(workspace, "Far too long", List.of(), mastodon);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("failed"));
    assertThat(data.target(post, mastodon))
        .containsEntry("status", "failed")
        .containsEntry("error_code", "platform_rejected")
        .containsEntry("error_message", platformMessage)
        .containsEntry("attempts", 1);
    assertThat(data.eventTypes(workspace, post))
        .containsExactly("post.target.failed", "post.failed");
    assertThat(data.eventData(workspace, "post.failed")).contains(platformMessage);
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).isEmpty();
  }

  @Test
  void failsATargetWhoseInstanceTheSsrfGuardRefusesWithoutSendingAnything() {
    String workspace = data.workspace();
    Account internal = data.mastodonAccountOnAnInternalHost(workspace);

    String post = data.queuedPost(workspace, "To an internal host", List.of(), internal);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("failed"));
    Map<String, Object> target = data.target(post, internal);
    assertThat(target)
        .containsEntry("status", "failed")
        .containsEntry("error_code", "instance_not_allowed")
        .containsEntry("attempts", 1);
    assertThat((String) target.get("error_message"))
        .contains("127.0.0.2")
        .contains("a loopback address")
        .contains("allow-lists");
    assertThat(SANDBOX.control().posts("mastodon", internal.platformAccountId())).isEmpty();
    assertThat(data.eventTypes(workspace, post))
        .containsExactly("post.target.failed", "post.failed");
  }

  @Test
  void marksTheAccountExpiredWhenThePlatformRejectsItsToken() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .failNext("mastodon", mastodon.platformAccountId(), new InjectedFailure(401, null), 1);

    String post = data.queuedPost(workspace, "Anyone there?", List.of(), mastodon);

    await().atMost(PUBLISHED_WITHIN).until(() -> data.postStatus(post).equals("failed"));
    assertThat(data.accountStatus(mastodon)).isEqualTo("expired");
    assertThat(data.target(post, mastodon)).containsEntry("error_code", "auth_expired");
    assertThat(data.eventTypes(workspace, mastodon.id()))
        .containsExactly("account.needs_reconnect");
    assertThat(data.eventTypes(workspace, post))
        .containsExactly("post.target.failed", "post.failed");
  }

  @Test
  void partiallyPublishesAPostWhenOneOfItsTwoTargetsFails() {
    String workspace = data.workspace();
    Account healthy = data.mastodonAccount(workspace);
    Account rejecting = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .failNext(
            "mastodon",
            rejecting.platformAccountId(),
            new InjectedFailure(400, "{\"error\":\"Bad request\"}"),
            1);

    String post = data.queuedPost(workspace, "Half the audience", List.of(), healthy, rejecting);

    await()
        .atMost(PUBLISHED_WITHIN)
        .until(() -> data.postStatus(post).equals("partially_published"));
    assertThat(data.targetStatus(post, healthy)).isEqualTo("published");
    assertThat(data.targetStatus(post, rejecting)).isEqualTo("failed");
    assertThat(data.eventTypes(workspace, post))
        .containsOnlyOnce("post.partially_published")
        .doesNotContain("post.published", "post.failed")
        .contains("post.target.published", "post.target.failed");
  }
}

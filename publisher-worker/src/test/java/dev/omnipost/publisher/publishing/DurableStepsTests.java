package dev.omnipost.publisher.publishing;

import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.SandboxLatency;
import dev.omnipost.sandbox.control.SandboxPost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class DurableStepsTests extends PublisherIntegrationTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void resumesAnInstagramPostAfterTheWorkerStopsBetweenStepsWithoutASecondContainer() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String image = data.image(workspace, PNG);
    MessageListenerContainer publisher = listeners.getListenerContainer("publisher");

    String post = data.queuedPost(workspace, "Resumed", List.of(image), instagram);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stepState(post, instagram).contains("container"));
    publisher.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> data.target(post, instagram).get("next_check_at") == null);
    } finally {
      publisher.start();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    assertThat(SANDBOX.control().uploads("instagram", instagram.platformAccountId())).hasSize(1);
    assertThat(SANDBOX.control().posts("instagram", instagram.platformAccountId())).hasSize(1);
    assertThat(data.target(post, instagram))
        .containsEntry("status", "published")
        .containsEntry("attempts", 1);
  }

  @Test
  void uploadsEachMastodonMediaOnceAndStoresTheUploadInTheStepState() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String image = data.image(workspace, PNG);

    String post = data.queuedPost(workspace, "With a picture", List.of(image), mastodon);

    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    assertThat(SANDBOX.control().uploads("mastodon", mastodon.platformAccountId())).hasSize(1);
    assertThat(stepState(post, mastodon)).contains("media_ids");
  }

  @Test
  void failsATargetWhosePlatformStaysUnavailableThroughEveryAttempt() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .failNext("mastodon", mastodon.platformAccountId(), new InjectedFailure(503, null), 10);

    String post = data.queuedPost(workspace, "Nobody home", List.of(), mastodon);

    await().atMost(Duration.ofSeconds(40)).until(() -> data.postStatus(post).equals("failed"));
    Map<String, Object> target = data.target(post, mastodon);
    assertThat(target)
        .containsEntry("error_code", "platform_unavailable")
        .containsEntry("attempts", 4);
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).isEmpty();
  }

  @Test
  void aTargetRequeuedByAPersonStartsItsStepsAfreshInsteadOfAskingAboutTheOldAttempt() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post =
        data.scheduledPost(
            workspace, "Second chance", java.time.Instant.now().plusSeconds(3600), mastodon);

    int requeued =
        data.jdbc()
            .sql(
                """
                UPDATE post_targets SET status = 'queued', due_at = now(),
                  step_state = '{"media_ids":["gone"]}', step_attempt = 'mastodon.status',
                  step_attempt_at = now() - interval '2 hours', transient_failures = 3
                WHERE post_id = :post
                """)
            .param("post", post)
            .update();

    assertThat(requeued).isEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));

    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
    assertThat(data.target(post, mastodon)).containsEntry("transient_failures", 0);
  }

  @Test
  void publishesOneAccountsPostsInTheOrderTheyFellDueWhileThePlatformIsSlow() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    SANDBOX
        .control()
        .latency(
            "mastodon", new SandboxLatency.Setting(Duration.ofMillis(150), Duration.ofMillis(150)));
    List<String> texts = List.of("first", "second", "third", "fourth", "fifth");
    try {
      List<String> posts =
          texts.stream()
              .map(text -> data.queuedPost(workspace, text, List.of(), mastodon))
              .toList();

      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> posts.stream().allMatch(p -> data.postStatus(p).equals("published")));
    } finally {
      SANDBOX.control().latency("mastodon", SandboxLatency.Setting.NONE);
    }

    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId()))
        .extracting(SandboxPost::text)
        .containsExactlyElementsOf(texts);
  }

  private String stepState(String post, Account account) {
    Object state = data.target(post, account).get("step_state");
    return state == null ? "" : state.toString();
  }
}

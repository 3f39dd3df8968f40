package dev.omnipost.publisher.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.Topics;
import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DueTargetClaimerTests extends PublisherIntegrationTest {

  @Autowired DueTargetClaimer claimer;

  @Test
  void doesNotClaimAScheduledTargetBeforeItIsDue() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    Instant dueAt = Instant.now().plusSeconds(4);

    String post = data.scheduledPost(workspace, "Later, please", dueAt, mastodon);

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofMillis(3500))
        .until(() -> data.targetStatus(post, mastodon).equals("scheduled"));
    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    Timestamp claimedAt = (Timestamp) data.target(post, mastodon).get("claimed_at");
    assertThat(claimedAt.toInstant()).isAfterOrEqualTo(dueAt.minusMillis(5));
  }

  @Test
  void concurrentClaimersNeverClaimTheSameTarget() throws Exception {
    String workspace = data.workspace();
    Account account = data.unsupportedPlatformAccount(workspace);
    List<String> posts = new ArrayList<>();
    Instant alreadyDue = Instant.now().minusSeconds(1);
    for (int i = 0; i < 100; i++) {
      posts.add(data.scheduledPost(workspace, "Post " + i, alreadyDue, account));
    }
    CyclicBarrier start = new CyclicBarrier(2);

    List<CompletableFuture<Void>> claimers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      claimers.add(
          CompletableFuture.runAsync(
              () -> {
                arriveTogether(start);
                while (claimer.claimDueTargets(5) > 0) {
                  // keep claiming until nothing is due
                }
              }));
    }
    CompletableFuture.allOf(claimers.toArray(CompletableFuture[]::new)).get();

    // a claimer that found every remaining row locked stops; the worker's own scheduler may
    // still be committing the rows it holds, so wait for every target's command
    List<String> targets =
        data.jdbc()
            .sql("SELECT id FROM post_targets WHERE workspace_id = :ws")
            .param("ws", workspace)
            .query(String.class)
            .list();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(commandTargets(workspace))
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(targets));
    assertThat(posts)
        .allSatisfy(post -> assertThat(data.postStatus(post)).isNotEqualTo("scheduled"));
  }

  private List<String> commandTargets(String workspace) {
    return data.jdbc()
        .sql(
            """
            SELECT CAST(convert_from(payload, 'UTF8') AS jsonb) -> 'data' ->> 'target_id'
            FROM outbox WHERE topic = :topic
              AND CAST(convert_from(payload, 'UTF8') AS jsonb) ->> 'workspaceid' = :ws
            """)
        .param("topic", Topics.PUBLISH_COMMANDS)
        .param("ws", workspace)
        .query(String.class)
        .list();
  }

  private static void arriveTogether(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

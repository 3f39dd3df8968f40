package dev.omnipost.publisher.reconciling;

import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StuckTargetReconcilerTests extends PublisherIntegrationTest {

  @Autowired StuckTargetReconciler reconciler;

  @Test
  void requeuesALostMastodonTargetWhichThenPublishesOnce() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post =
        data.scheduledPost(workspace, "Lost and found", Instant.now().plusSeconds(3600), mastodon);
    workerDiedWhilePublishing(post, Duration.ofMinutes(10));

    reconciler.reconcile();

    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
  }

  @Test
  void marksALostInstagramTargetUnconfirmedForAHumanToDecide() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String post =
        data.scheduledPost(workspace, "Did it post?", Instant.now().plusSeconds(3600), instagram);
    workerDiedWhilePublishing(post, Duration.ofMinutes(10));

    reconciler.reconcile();

    assertThat(data.target(post, instagram))
        .containsEntry("status", "unconfirmed")
        .containsEntry("error_code", "publish_unconfirmed");
    assertThat(data.eventTypes(workspace, post))
        .containsExactly("post.target.unconfirmed", "post.failed");
    assertThat(SANDBOX.control().posts("instagram", instagram.platformAccountId())).isEmpty();
  }

  @Test
  void leavesATargetAloneWhileItsClaimIsRecent() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String post =
        data.scheduledPost(workspace, "In flight", Instant.now().plusSeconds(3600), instagram);
    workerDiedWhilePublishing(post, Duration.ofMinutes(1));

    reconciler.reconcile();

    assertThat(data.targetStatus(post, instagram)).isEqualTo("publishing");
  }

  /** What a worker that claimed the post and then vanished leaves behind. */
  private void workerDiedWhilePublishing(String post, Duration ago) {
    data.jdbc()
        .sql(
            """
            UPDATE post_targets SET status = 'publishing', due_at = now() - make_interval(secs => :secs),
              claimed_at = now() - make_interval(secs => :secs) WHERE post_id = :post
            """)
        .param("secs", (double) ago.toSeconds())
        .param("post", post)
        .update();
    data.jdbc()
        .sql("UPDATE posts SET status = 'publishing' WHERE id = :post")
        .param("post", post)
        .update();
  }
}

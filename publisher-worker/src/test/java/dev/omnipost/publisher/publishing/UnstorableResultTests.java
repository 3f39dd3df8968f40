package dev.omnipost.publisher.publishing;

import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import dev.omnipost.sandbox.control.SandboxPost;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnstorableResultTests extends PublisherIntegrationTest {

  @Test
  void neverFailsATargetThePlatformAcceptedWhenItsResultCannotBeStored() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post =
        data.scheduledPost(
            workspace, "Posted, not stored", Instant.now().plusSeconds(3600), mastodon);
    String target = (String) data.target(post, mastodon).get("id");
    String trigger = refuseToStorePublished(target);
    try {
      data.jdbc()
          .sql("UPDATE post_targets SET status = 'queued', due_at = now() WHERE id = :id")
          .param("id", target)
          .update();

      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> data.targetStatus(post, mastodon).equals("unconfirmed"));
    } finally {
      dropTrigger(trigger);
    }

    SandboxPost onPlatform =
        SANDBOX.control().posts("mastodon", mastodon.platformAccountId()).get(0);
    Map<String, Object> row = data.target(post, mastodon);
    assertThat(row)
        .containsEntry("error_code", "publish_unconfirmed")
        .containsEntry("platform_post_id", onPlatform.id());
    assertThat((String) row.get("error_message")).contains(onPlatform.id());
    assertThat(data.eventTypes(workspace, post)).contains("post.target.unconfirmed");
    assertThat(data.eventData(workspace, "post.target.unconfirmed")).contains(onPlatform.id());
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
  }

  @Test
  void theAccountsNextPostIsPublishedWhileAnUnstorableResultIsRetried() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    Instant later = Instant.now().plusSeconds(3600);
    String stuck = data.scheduledPost(workspace, "Posted, not stored yet", later, mastodon);
    String next = data.scheduledPost(workspace, "The next one", later, mastodon);
    String trigger = refuseToStorePublished((String) data.target(stuck, mastodon).get("id"));
    try {
      data.jdbc()
          .sql(
              // the stuck one first in the account's lane
              "UPDATE post_targets SET status = 'queued', due_at = now()"
                  + " - CASE WHEN post_id = :stuck THEN interval '1 second' ELSE interval '0' END"
                  + " WHERE post_id IN (:stuck, :next)")
          .param("stuck", stuck)
          .param("next", next)
          .update();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> data.targetStatus(next, mastodon).equals("published"));
      String stuckMeanwhile = data.targetStatus(stuck, mastodon);
      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> data.targetStatus(stuck, mastodon).equals("unconfirmed"));

      // the result writes are retried for 6.2 s; the lane did not wait for them
      assertThat(stuckMeanwhile).isEqualTo("publishing");
    } finally {
      dropTrigger(trigger);
    }
  }

  /** Makes the database refuse to store the target as published, as a full disk would. */
  private String refuseToStorePublished(String target) {
    String trigger = "refuse_" + target.toLowerCase().replaceAll("[^a-z0-9]", "_");
    data.jdbc()
        .sql(
            """
            CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.status = 'published' THEN RAISE EXCEPTION 'disk full'; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER %1$s BEFORE UPDATE ON post_targets FOR EACH ROW
              WHEN (NEW.id = '%2$s') EXECUTE FUNCTION %1$s();
            """
                .formatted(trigger, target))
        .update();
    return trigger;
  }

  private void dropTrigger(String trigger) {
    data.jdbc()
        .sql(
            "DROP TRIGGER IF EXISTS %1$s ON post_targets; DROP FUNCTION IF EXISTS %1$s();"
                .formatted(trigger))
        .update();
  }
}

package dev.omnipost.publisher.reconciling;

import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StuckTargetReconcilerTests extends PublisherIntegrationTest {

  @Autowired StuckTargetReconciler reconciler;

  @Test
  void asksMastodonAboutALostCreateAndRecordsTheStatusTheDeadWorkerHadPosted() throws Exception {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post =
        data.scheduledPost(workspace, "Lost and found", Instant.now().plusSeconds(3600), mastodon);
    String target = (String) data.target(post, mastodon).get("id");
    String token = data.sandboxToken(mastodon);
    HttpResponse<String> posted = postStatusAsTheDeadWorkerDid(token, target, "Lost and found");
    workerDiedDuringCreate(post, "mastodon.status", "{}");

    reconciler.reconcile();

    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId()))
        .singleElement()
        .satisfies(p -> assertThat(posted.body()).contains(p.id()));
    assertThat(data.target(post, mastodon))
        .containsEntry("step_attempt", null)
        .containsEntry("lease_until", null);
  }

  @Test
  void marksALostInstagramPublishUnconfirmedWhenInstagramCannotTell() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String image = data.image(workspace, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    String post =
        data.scheduledPost(
            workspace, "Did it post?", Instant.now().plusSeconds(3600), List.of(image), instagram);
    workerDiedDuringCreate(post, "instagram.publish", "{\"container\":\"17999999999999999\"}");

    reconciler.reconcile();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> data.targetStatus(post, instagram).equals("unconfirmed"));
    assertThat(data.target(post, instagram)).containsEntry("error_code", "publish_unconfirmed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                data.eventTypes(workspace, post)
                    .equals(List.of("post.target.unconfirmed", "post.failed")));
    assertThat(SANDBOX.control().posts("instagram", instagram.platformAccountId())).isEmpty();
  }

  @Test
  void resumesALostTargetWithNoCreateInDoubtFromItsStoredState() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post =
        data.scheduledPost(workspace, "Carry on", Instant.now().plusSeconds(3600), mastodon);
    workerDiedBetweenSteps(post);

    reconciler.reconcile();

    await().atMost(Duration.ofSeconds(30)).until(() -> data.postStatus(post).equals("published"));
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
  }

  @Test
  void leavesATargetAloneWhileItsWorkerHoldsTheLease() {
    String workspace = data.workspace();
    Account instagram = data.instagramAccount(workspace);
    String post =
        data.scheduledPost(workspace, "In flight", Instant.now().plusSeconds(3600), instagram);
    data.jdbc()
        .sql(
            """
            UPDATE post_targets SET status = 'publishing', step_state = '{}',
              lease_until = now() + interval '1 minute', claimed_at = now() - interval '10 minutes'
            WHERE post_id = :post
            """)
        .param("post", post)
        .update();

    int handled = reconciler.reconcile();

    assertThat(data.targetStatus(post, instagram)).isEqualTo("publishing");
    assertThat(data.target(post, instagram)).containsEntry("next_check_at", null);
    assertThat(handled).isZero();
  }

  /** A worker stored the marker of a create, sent it, and died before storing the answer. */
  private void workerDiedDuringCreate(String post, String marker, String state) {
    data.jdbc()
        .sql(
            """
            UPDATE post_targets SET status = 'publishing', step_state = CAST(:state AS jsonb),
              step_attempt = :marker, step_attempt_at = now() - interval '3 minutes',
              lease_until = now() - interval '1 minute', claimed_at = now() - interval '3 minutes',
              due_at = now() - interval '3 minutes'
            WHERE post_id = :post
            """)
        .param("state", state)
        .param("marker", marker)
        .param("post", post)
        .update();
    data.jdbc()
        .sql("UPDATE posts SET status = 'publishing' WHERE id = :post")
        .param("post", post)
        .update();
  }

  /** A worker stored a step's outcome and died before it ran the next one. */
  private void workerDiedBetweenSteps(String post) {
    data.jdbc()
        .sql(
            """
            UPDATE post_targets SET status = 'publishing', step_state = '{}',
              lease_until = now() - interval '1 minute', claimed_at = now() - interval '3 minutes',
              due_at = now() - interval '3 minutes'
            WHERE post_id = :post
            """)
        .param("post", post)
        .update();
    data.jdbc()
        .sql("UPDATE posts SET status = 'publishing' WHERE id = :post")
        .param("post", post)
        .update();
  }

  private static HttpResponse<String> postStatusAsTheDeadWorkerDid(
      String token, String idempotencyKey, String text) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(SANDBOX.mastodonInstanceUrl() + "/api/v1/statuses"))
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("status=" + text.replace(" ", "+")))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}

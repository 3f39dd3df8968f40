package dev.omnipost.publisher.publishing;

import static dev.omnipost.publisher.TestPlatforms.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeleteTarget;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's half of unpublish: a {@code command.delete_target} (written to the outbox the way
 * the gateway's unpublish route writes it) deletes the status on the sandbox, retries a transient
 * failure through the scheduler, keeps a refused delete as {@code published} with the platform's
 * reason, and announces {@code post.unpublished} once per post.
 */
class TargetDeleterTests extends PublisherIntegrationTest {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;

  @Test
  void deletesEveryPublishedCopyAndAnnouncesTheUnpublishOnce() {
    String workspace = data.workspace();
    Account first = data.mastodonAccount(workspace);
    Account second = data.mastodonAccount(workspace);
    String post = published(workspace, "Soon gone", first, second);

    requestDelete(workspace, post, first, second);

    await().atMost(WITHIN).until(() -> data.targetStatus(post, second).equals("deleted"));
    await().atMost(WITHIN).until(() -> data.targetStatus(post, first).equals("deleted"));
    assertThat(SANDBOX.control().posts("mastodon", first.platformAccountId())).isEmpty();
    assertThat(SANDBOX.control().posts("mastodon", second.platformAccountId())).isEmpty();
    assertThat(data.target(post, first).get("deleted_at")).isNotNull();
    await()
        .atMost(WITHIN)
        .until(() -> data.eventTypes(workspace, post).contains("post.unpublished"));
    assertThat(data.eventTypes(workspace, post)).containsOnlyOnce("post.unpublished");
    assertThat(data.eventData(workspace, "post.unpublished"))
        .contains("\"status\": \"deleted\"")
        .contains(first.id())
        .contains(second.id());
    assertThat(data.postStatus(post)).isEqualTo("published");
  }

  @Test
  void retriesADeleteThePlatformCouldNotTakeJustNow() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post = published(workspace, "Try again", mastodon);
    SANDBOX
        .control()
        .failNext("mastodon", mastodon.platformAccountId(), new InjectedFailure(503, null), 1);

    requestDelete(workspace, post, mastodon);

    await().atMost(WITHIN).until(() -> data.targetStatus(post, mastodon).equals("deleted"));
    assertThat(data.target(post, mastodon))
        .containsEntry("delete_attempts", 2)
        .containsEntry("delete_error_code", null);
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).isEmpty();
  }

  @Test
  void keepsARefusedDeletePublishedWithThePlatformsReason() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post = published(workspace, "Stays", mastodon);
    SANDBOX
        .control()
        .failNext(
            "mastodon",
            mastodon.platformAccountId(),
            new InjectedFailure(422, "{\"error\":\"Status is pinned\"}"),
            1);

    requestDelete(workspace, post, mastodon);

    await()
        .atMost(WITHIN)
        .until(() -> data.eventTypes(workspace, post).contains("post.unpublished"));
    Map<String, Object> target = data.target(post, mastodon);
    assertThat(target)
        .containsEntry("status", "published")
        .containsEntry("delete_error_code", "platform_rejected");
    assertThat((String) target.get("delete_error_message")).contains("Status is pinned");
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId())).hasSize(1);
    assertThat(data.eventData(workspace, "post.unpublished")).contains("platform_rejected");
  }

  @Test
  void ignoresACommandForATargetNobodyAskedToDelete() {
    String workspace = data.workspace();
    Account mastodon = data.mastodonAccount(workspace);
    String post = published(workspace, "Not asked", mastodon);
    String other = published(workspace, "Asked", mastodon);

    send(workspace, post, mastodon);
    requestDelete(workspace, other, mastodon);

    // the account's lane runs the commands in order: once the second is done, the first was seen
    await().atMost(WITHIN).until(() -> data.targetStatus(other, mastodon).equals("deleted"));
    assertThat(data.targetStatus(post, mastodon)).isEqualTo("published");
    assertThat(SANDBOX.control().posts("mastodon", mastodon.platformAccountId()))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo("Not asked"));
  }

  private String published(String workspace, String text, Account... accounts) {
    String post = data.queuedPost(workspace, text, List.of(), accounts);
    await().atMost(WITHIN).until(() -> data.postStatus(post).equals("published"));
    return post;
  }

  /** What the gateway's unpublish route writes: the request on the rows and one command each. */
  private void requestDelete(String workspace, String post, Account... accounts) {
    transactions.executeWithoutResult(
        tx -> {
          for (Account account : accounts) {
            data.jdbc()
                .sql(
                    "UPDATE post_targets SET delete_requested_at = now()"
                        + " WHERE post_id = :post AND account_id = :account")
                .param("post", post)
                .param("account", account.id())
                .update();
            send(workspace, post, account);
          }
        });
  }

  private void send(String workspace, String post, Account account) {
    String targetId = (String) data.target(post, account).get("id");
    outbox.append(
        Topics.PUBLISH_COMMANDS,
        account.id(),
        codec.wrap(new DeleteTarget(targetId, post, account.id(), workspace), workspace, targetId));
  }
}

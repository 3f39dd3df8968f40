package dev.omnipost.publisher.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestData.Account;
import dev.omnipost.publisher.publishing.AccountPacer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metrics refresher against the sandbox: a due copy is read once and scheduled for its next
 * turn; a read over the account's rate budget (the publisher's own pacer) is put off, never sent.
 */
class MetricsRefresherTests extends PublisherIntegrationTest {

  @Autowired MetricsRefresher refresher;
  @Autowired AccountPacer pacer;
  @Autowired PlatformConnectors connectors;

  @Test
  void readsADueCopyOnceAndSchedulesItsNextRead() {
    String ws = data.workspace();
    Account account = data.mastodonAccount(ws);
    String postId = data.queuedPost(ws, "Counted by the refresher", List.of(), account);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "published".equals(data.targetStatus(postId, account)));
    String targetId = (String) data.target(postId, account).get("id");
    data.jdbc()
        .sql(
            "UPDATE post_targets SET published_at = now() - interval '1 hour',"
                + " metrics_next_at = NULL WHERE id = :id")
        .param("id", targetId)
        .update();

    refresher.refreshDue();
    Timestamp fetched = fetchedAt(targetId);
    refresher.refreshDue();

    assertThat(fetched).isNotNull();
    assertThat(fetchedAt(targetId)).isEqualTo(fetched);
    assertThat(nextRead(targetId))
        .isAfter(Instant.now().plus(Duration.ofMinutes(14)))
        .isBefore(Instant.now().plus(Duration.ofMinutes(16)));
    String counters =
        data.jdbc()
            .sql("SELECT CAST(counters AS text) FROM post_target_metrics WHERE target_id = :id")
            .param("id", targetId)
            .query(String.class)
            .single();
    assertThat(counters).contains("likes", "shares", "comments");
  }

  @Test
  void putsOffAReadOverTheAccountsRateBudgetWithoutCallingThePlatform() {
    String ws = data.workspace();
    Account account = data.mastodonAccount(ws);
    String postId =
        data.scheduledPost(ws, "Paced", Instant.now().plus(Duration.ofDays(1)), account);
    String targetId = (String) data.target(postId, account).get("id");
    data.jdbc()
        .sql(
            "UPDATE post_targets SET status = 'published', platform_post_id = '1',"
                + " published_at = now() - interval '1 hour' WHERE id = :id")
        .param("id", targetId)
        .update();
    RateBudget budget = connectors.forPlatform(Platform.MASTODON).orElseThrow().rateBudget();
    while (pacer.reserve(account.id(), budget).isZero()) {
      // spend the account's window, as a burst of publishing would
    }

    refresher.refreshDue();

    assertThat(fetchedAt(targetId)).isNull();
    assertThat(nextRead(targetId)).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
  }

  private Timestamp fetchedAt(String targetId) {
    return data.jdbc()
        .sql("SELECT fetched_at FROM post_target_metrics WHERE target_id = :id")
        .param("id", targetId)
        .query(Timestamp.class)
        .optional()
        .orElse(null);
  }

  private Instant nextRead(String targetId) {
    return data.jdbc()
        .sql("SELECT metrics_next_at FROM post_targets WHERE id = :id")
        .param("id", targetId)
        .query(Timestamp.class)
        .single()
        .toInstant();
  }
}

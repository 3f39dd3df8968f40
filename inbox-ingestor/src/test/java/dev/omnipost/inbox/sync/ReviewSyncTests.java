package dev.omnipost.inbox.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled review sync and review replies against the sandbox: Google Business Profile reviews
 * and Facebook recommendations stored once with one {@code review.received}, the {@code reviews}
 * cursor moving to the newest update; a reply set and removed on Google through an inbox action,
 * refreshed on the stored review.
 */
@SpringBootTest(
    classes = InboxIngestorApplication.class,
    properties = {
      "spring.config.name=inbox-ingestor",
      "server.port=0",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
    })
class ReviewSyncTests {

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;

  @Test
  void storesGoogleReviewsOnceWithOneEventAndMovesTheCursor() {
    String workspace = workspace();
    String googleAccount = "118" + digits(7);
    String account = account(workspace, "google_business", googleAccount);
    String location = "accounts/" + googleAccount + "/locations/9";
    String name = SANDBOX.review(location, "Ada", 5, "Lovely staff.");

    await().atMost(Duration.ofSeconds(30)).until(() -> reviews(account) == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> cursor(account) != null);
    SANDBOX.review(location, "Bo", 2, "Cold coffee.");
    await().atMost(Duration.ofSeconds(30)).until(() -> reviews(account) == 2);

    Map<String, Object> row = review(account, name);
    assertThat(row.get("author_name")).isEqualTo("Ada");
    assertThat(((Number) row.get("rating")).intValue()).isEqualTo(5);
    assertThat(row.get("text")).isEqualTo("Lovely staff.");
    assertThat(row.get("reply_text")).isNull();
    assertThat(events(workspace)).isEqualTo(2);
    assertThat(
            jdbc.sql(
                    "SELECT data->>'rating' FROM event_log WHERE workspace_id = :w AND type = 'review.received' AND data->>'review_id' = :id")
                .param("w", workspace)
                .param("id", row.get("id"))
                .query(String.class)
                .single())
        .isEqualTo("5");
  }

  @Test
  void storesFacebookRecommendationsWithoutStars() {
    String workspace = workspace();
    String page = "1040" + digits(11);
    String account = account(workspace, "facebook", page);
    String story = SANDBOX.rating(page, "Cy", "Best bakery around");

    await().atMost(Duration.ofSeconds(30)).until(() -> reviews(account) == 1);

    Map<String, Object> row = review(account, story);
    assertThat(row.get("author_name")).isEqualTo("Cy");
    assertThat(row.get("rating")).isNull();
    assertThat(row.get("text")).isEqualTo("Best bakery around");
  }

  @Test
  void setsAndRemovesTheReplyToAGoogleReviewThroughActions() {
    String workspace = workspace();
    String googleAccount = "119" + digits(7);
    String account = account(workspace, "google_business", googleAccount);
    String name = SANDBOX.review("accounts/" + googleAccount + "/locations/9", "Di", 3, "Ok.");
    await().atMost(Duration.ofSeconds(30)).until(() -> reviews(account) == 1);
    String reviewId = (String) review(account, name).get("id");

    String reply = action(workspace, account, reviewId, "reply_to_review", "Thanks, Di!");

    awaitStatus(reply, "completed");
    assertThat(SANDBOX.reviewState(name).path("reviewReply").path("comment").asString())
        .isEqualTo("Thanks, Di!");
    assertThat(review(account, name).get("reply_text")).isEqualTo("Thanks, Di!");
    assertThat(review(account, name).get("reply_updated_at")).isNotNull();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = 'inbox.action.completed' AND data->>'action_id' = :a")
                .param("w", workspace)
                .param("a", reply)
                .query(Integer.class)
                .single())
        .isEqualTo(1);

    String removal = action(workspace, account, reviewId, "delete_review_reply", null);

    awaitStatus(removal, "completed");
    assertThat(SANDBOX.reviewState(name).has("reviewReply")).isFalse();
    assertThat(review(account, name).get("reply_text")).isNull();
  }

  private String action(
      String workspace, String account, String reviewId, String action, String text) {
    String id = Ids.newId("act");
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql(
                  """
                  INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text)
                  VALUES (:id, :ws, :account, 'google_business', 'review', :item, :action, :text)
                  """)
              .param("id", id)
              .param("ws", workspace)
              .param("account", account)
              .param("item", reviewId)
              .param("action", action)
              .param("text", text)
              .update();
          outbox.append(
              Topics.INBOX_ACTIONS,
              account,
              codec.wrap(new PerformInboxAction(id, workspace, account), workspace, id));
        });
    return id;
  }

  private void awaitStatus(String actionId, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                status.equals(
                    jdbc.sql("SELECT status FROM inbox_actions WHERE id = :id")
                        .param("id", actionId)
                        .query(String.class)
                        .single()));
  }

  private String workspace() {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Reviews test')")
        .param("id", id)
        .update();
    return id;
  }

  private String account(String workspace, String platform, String platformId) {
    String id = Ids.newId("acc");
    String token = "tok" + Ids.randomBase62(32);
    SANDBOX.registerAccount(platform, platformId, "shop_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc, settings)
            VALUES (:id, :ws, :platform, :pid, 'Shop', :handle, :token, CAST(:settings AS jsonb))
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("platform", platform)
        .param("pid", platformId)
        .param("handle", "shop_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param("settings", "{\"location_id\":\"9\"}")
        .update();
    return id;
  }

  private Map<String, Object> review(String accountId, String platformReviewId) {
    return jdbc.sql("SELECT * FROM inbox_reviews WHERE account_id = :a AND platform_review_id = :i")
        .param("a", accountId)
        .param("i", platformReviewId)
        .query()
        .singleRow();
  }

  private int reviews(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_reviews WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private String cursor(String accountId) {
    return jdbc.sql("SELECT cursor FROM inbox_cursors WHERE account_id = :a AND kind = 'reviews'")
        .param("a", accountId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private int events(String workspace) {
    return jdbc.sql(
            "SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = 'review.received'")
        .param("w", workspace)
        .query(Integer.class)
        .single();
  }

  private static String digits(int count) {
    return Ids.randomBase62(count)
        .chars()
        .map(c -> '0' + c % 10)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

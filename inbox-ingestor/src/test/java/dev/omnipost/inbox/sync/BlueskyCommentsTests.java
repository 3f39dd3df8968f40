package dev.omnipost.inbox.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.inbox.InboxActionRows;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Bluesky replies and mentions in the inbox, against the sandbox's PDS through the real {@code
 * BlueskyConnector}: the sync reads the threads under the account's posts ({@code getPostThread})
 * and stores every reply by someone else once (a reply to a reply under its parent) with one {@code
 * comment.received}; reply, like, unlike, hide, unhide and delete (our own reply) travel as
 * commands and show on the sandbox's thread; mention notifications are stored once, the cursor
 * moving to the newest.
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
class BlueskyCommentsTests {

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
    registry.add("omnipost.oauth.instance-networks", SANDBOX::instanceNetworks);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;

  @Test
  void storesRepliesToTheAccountsPostsOnceWithTheirThread() {
    Account a = account();
    String post = SANDBOX.blueskyPost(a.handle(), a.token(), "New menu today");
    String first = SANDBOX.blueskyReply(post, "ana.bsky.social", "Is there a vegan option?");
    String nested = SANDBOX.blueskyReply(first, "bo.bsky.social", "Asking the same!");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 2);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 2);

    Map<String, Object> top = comment(a.id(), first);
    assertThat(top.get("platform")).isEqualTo("bluesky");
    assertThat(top.get("platform_post_id")).isEqualTo(post);
    assertThat(top.get("parent_id")).isNull();
    assertThat(top.get("author_name")).isEqualTo("ana.bsky.social");
    assertThat(top.get("text")).isEqualTo("Is there a vegan option?");
    Map<String, Object> reply = comment(a.id(), nested);
    assertThat(reply.get("parent_id")).isEqualTo(top.get("id"));
    assertThat(reply.get("platform_post_id")).isEqualTo(post);
    assertThat(events(a.workspace(), "comment.received")).isEqualTo(2);
  }

  @Test
  void repliesLikesHidesAndDeletesItsOwnReplyOnThePds() {
    Account a = account();
    String post = SANDBOX.blueskyPost(a.handle(), a.token(), "Opening hours changed");
    String question = SANDBOX.blueskyReply(post, "cy.bsky.social", "Until when on Sunday?");
    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 1);
    String commentId = (String) comment(a.id(), question).get("id");

    String replied = act(a, commentId, "reply", "Until 6 pm!");
    awaitStatus(replied, "completed");
    JsonNode ours = thread(post).get(1);
    assertThat(ours.path("own").asBoolean()).isTrue();
    assertThat(ours.path("text").asString()).isEqualTo("Until 6 pm!");
    assertThat(ours.path("parent_uri").asString()).isEqualTo(question);
    Map<String, Object> action = actionRow(replied);
    assertThat(action.get("platform_result_id")).isEqualTo(ours.path("uri").asString());
    String replyComment = (String) action.get("result_item_id");
    assertThat(
            jdbc.sql("SELECT by_account FROM inbox_comments WHERE id = :id")
                .param("id", replyComment)
                .query(Boolean.class)
                .single())
        .isTrue();

    awaitStatus(act(a, commentId, "like", null), "completed");
    assertThat(likedBy(post, question)).containsExactly(a.did());
    awaitStatus(act(a, commentId, "unlike", null), "completed");
    assertThat(likedBy(post, question)).isEmpty();

    awaitStatus(act(a, commentId, "hide", null), "completed");
    assertThat(thread(post).get(0).path("hidden").asBoolean()).isTrue();
    assertThat(flag(commentId, "hidden")).isTrue();
    awaitStatus(act(a, commentId, "unhide", null), "completed");
    assertThat(thread(post).get(0).path("hidden").asBoolean()).isFalse();
    assertThat(flag(commentId, "hidden")).isFalse();

    awaitStatus(act(a, replyComment, "delete", null), "completed");
    assertThat(thread(post)).hasSize(1);
    // the sync never brings our own reply back as someone's comment
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 2);
    assertThat(events(a.workspace(), "inbox.action.completed")).isEqualTo(6);
  }

  @Test
  void aReplyToAReplyThatIsGoneFailsWithThePdssAnswer() {
    Account a = account();
    String post = SANDBOX.blueskyPost(a.handle(), a.token(), "Gone soon");
    String question = SANDBOX.blueskyReply(post, "dee.bsky.social", "Hello?");
    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 1);
    String commentId = (String) comment(a.id(), question).get("id");
    jdbc.sql("UPDATE inbox_comments SET platform_item_id = :gone WHERE id = :id")
        .param("gone", "at://did:plc:gone/app.bsky.feed.post/3kgone")
        .param("id", commentId)
        .update();

    String replied = act(a, commentId, "reply", "Anyone there?");
    awaitStatus(replied, "failed");
    assertThat(actionRow(replied).get("error_code")).isEqualTo("platform_rejected");
    assertThat(actionRow(replied).get("attempts")).isEqualTo(1);
    assertThat((String) actionRow(replied).get("error_message")).contains("no post");
  }

  @Test
  void storesMentionsOnceAndMovesTheCursor() {
    Account a = account();
    String first = SANDBOX.blueskyMention(a.did(), "ana.bsky.social", "Is it open today");
    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(a.id()) == 1);
    String cursor = mentionCursor(a.id());
    SANDBOX.blueskyMention(a.did(), "bo.bsky.social", "Loved it");
    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(a.id()) == 2);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> mentions(a.id()) == 2);

    Map<String, Object> mention =
        jdbc.sql("SELECT * FROM inbox_mentions WHERE account_id = :a AND platform_item_id = :i")
            .param("a", a.id())
            .param("i", first)
            .query()
            .singleRow();
    assertThat(mention.get("platform")).isEqualTo("bluesky");
    assertThat(mention.get("author_name")).isEqualTo("ana.bsky.social");
    assertThat((String) mention.get("text")).isEqualTo("Is it open today @" + a.handle());
    assertThat(mentionCursor(a.id())).isGreaterThan(cursor);
    assertThat(events(a.workspace(), "mention.received")).isEqualTo(2);
  }

  // --- fixtures

  record Account(String id, String workspace, String did, String handle, String token) {}

  private Account account() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Bluesky comments')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String letters = Ids.randomBase62(10).toLowerCase();
    String did = "did:plc:" + letters;
    String handle = "cafe" + letters + ".bsky.social";
    String token = "app-" + Ids.randomBase62(16);
    SANDBOX.registerAccount("bluesky", did, handle, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc, settings)
            VALUES (:id, :ws, 'bluesky', :did, 'Cafe', :handle, :token, CAST('{}' AS jsonb))
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("did", did)
        .param("handle", handle)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .update();
    return new Account(id, workspace, did, handle, token);
  }

  private static JsonNode thread(String post) {
    return SANDBOX.blueskyThread(post);
  }

  private static List<String> likedBy(String post, String reply) {
    for (JsonNode node : thread(post)) {
      if (node.path("uri").asString().equals(reply)) {
        List<String> by = new ArrayList<>();
        node.path("liked_by").forEach(n -> by.add(n.asString()));
        return by;
      }
    }
    throw new AssertionError("no reply " + reply);
  }

  private boolean flag(String commentId, String column) {
    return jdbc.sql("SELECT " + column + " FROM inbox_comments WHERE id = :id")
        .param("id", commentId)
        .query(Boolean.class)
        .single();
  }

  private int mentions(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_mentions WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private String mentionCursor(String accountId) {
    return jdbc.sql("SELECT cursor FROM inbox_cursors WHERE account_id = :a AND kind = 'mentions'")
        .param("a", accountId)
        .query(String.class)
        .single();
  }

  private String act(Account a, String commentId, String action, String text) {
    return actions().onComment("bluesky", a.workspace(), a.id(), commentId, action, text);
  }

  private void awaitStatus(String actionId, String status) {
    actions().awaitStatus(actionId, status);
  }

  private Map<String, Object> actionRow(String actionId) {
    return actions().row(actionId);
  }

  private InboxActionRows actions() {
    return new InboxActionRows(jdbc, transactions, outbox, codec);
  }

  private int comments(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_comments WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private Map<String, Object> comment(String accountId, String platformItemId) {
    return jdbc.sql("SELECT * FROM inbox_comments WHERE account_id = :a AND platform_item_id = :i")
        .param("a", accountId)
        .param("i", platformItemId)
        .query()
        .singleRow();
  }

  private int events(String workspace, String type) {
    return jdbc.sql("SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = :t")
        .param("w", workspace)
        .param("t", type)
        .query(Integer.class)
        .single();
  }
}

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
 * Threads replies and mentions in the inbox, against the sandbox through the real {@code
 * ThreadsConnector} and the default {@code comment-platforms} / {@code mention-platforms}: the sync
 * reads each recent thread's {@code /conversation} and stores every reply by someone else once (a
 * reply to a reply under its parent) with one {@code comment.received}, and the user's {@code
 * /mentions} once with one {@code mention.received}; reply, hide, unhide and delete (the account's
 * own reply) travel as commands and show on the sandbox; Threads' refusal to hide a nested reply
 * fails the action at once, and a like (no such API) fails as unsupported.
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
class ThreadsInboxTests {

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
  void storesRepliesAtEveryDepthAndMentionsOnceEach() {
    Account a = account();
    String thread = SANDBOX.publishOnThreads(a.platformId(), a.token(), "Rye today");
    String first = SANDBOX.threadsReply(thread, "ann", "Is it vegan?");
    String nested = SANDBOX.threadsReply(first, "bob", "Asking the same!");
    String mention = SANDBOX.threadsMention(a.platformId(), "cy", "@bakery has the best rye");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> comments(a.id()) == 2 && mentions(a.id()) == 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 2 && mentions(a.id()) == 1);

    Map<String, Object> top = comment(a.id(), first);
    assertThat(top.get("platform")).isEqualTo("threads");
    assertThat(top.get("platform_post_id")).isEqualTo(thread);
    assertThat(top.get("parent_id")).isNull();
    assertThat(top.get("author_name")).isEqualTo("ann");
    assertThat(top.get("text")).isEqualTo("Is it vegan?");
    Map<String, Object> reply = comment(a.id(), nested);
    assertThat(reply.get("parent_id")).isEqualTo(top.get("id"));
    assertThat(reply.get("platform_post_id")).isEqualTo(thread);
    Map<String, Object> stored =
        jdbc.sql("SELECT * FROM inbox_mentions WHERE account_id = :a")
            .param("a", a.id())
            .query()
            .singleRow();
    assertThat(stored.get("platform_item_id")).isEqualTo(mention);
    assertThat(stored.get("author_name")).isEqualTo("cy");
    assertThat(stored.get("text")).isEqualTo("@bakery has the best rye");
    assertThat((String) stored.get("url")).startsWith("https://www.threads.net/@cy/post/");
    assertThat(events(a.workspace(), "comment.received")).isEqualTo(2);
    assertThat(events(a.workspace(), "mention.received")).isEqualTo(1);
  }

  @Test
  void repliesHidesAndDeletesItsOwnReplyOnThreads() {
    Account a = account();
    String thread = SANDBOX.publishOnThreads(a.platformId(), a.token(), "Opening hours changed");
    String question = SANDBOX.threadsReply(thread, "dan", "Until when on Sunday?");
    String nested = SANDBOX.threadsReply(question, "eve", "And Saturday?");
    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 2);
    String commentId = (String) comment(a.id(), question).get("id");
    String nestedId = (String) comment(a.id(), nested).get("id");

    String replied = act(a, commentId, "reply", "Until 6 pm!");
    awaitStatus(replied, "completed");
    JsonNode ours = byOwner(SANDBOX.threadsReplies(thread));
    assertThat(ours.path("text").asString()).isEqualTo("Until 6 pm!");
    assertThat(ours.path("replied_to").asString()).isEqualTo(question);
    Map<String, Object> action = actionRow(replied);
    assertThat(action.get("platform_result_id")).isEqualTo(ours.path("id").asString());
    String replyComment = (String) action.get("result_item_id");
    assertThat(
            jdbc.sql("SELECT by_account FROM inbox_comments WHERE id = :id")
                .param("id", replyComment)
                .query(Boolean.class)
                .single())
        .isTrue();

    awaitStatus(act(a, commentId, "hide", null), "completed");
    assertThat(hidden(thread, question)).isTrue();
    assertThat(hidden(thread, nested)).isTrue(); // hidden with its top-level reply
    assertThat(flag(commentId, "hidden")).isTrue();
    awaitStatus(act(a, commentId, "unhide", null), "completed");
    assertThat(hidden(thread, question)).isFalse();
    assertThat(flag(commentId, "hidden")).isFalse();

    // Threads hides a nested reply only with its top-level one: refused at once, one attempt
    String refused = act(a, nestedId, "hide", null);
    awaitStatus(refused, "failed");
    assertThat(actionRow(refused).get("error_code")).isEqualTo("platform_rejected");
    assertThat(actionRow(refused).get("attempts")).isEqualTo(1);
    assertThat(hidden(thread, nested)).isFalse();
    // no like API on Threads (the gateway answers 501 before queueing; a queued one fails)
    String like = act(a, commentId, "like", null);
    awaitStatus(like, "failed");
    assertThat(actionRow(like).get("error_code")).isEqualTo("platform.unsupported_operation");

    awaitStatus(act(a, replyComment, "delete", null), "completed");
    assertThat(SANDBOX.threadsReplies(thread)).hasSize(2);
    // the sync never brings our own reply back as someone's comment
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 3);
    assertThat(events(a.workspace(), "comment.received")).isEqualTo(2);
    assertThat(events(a.workspace(), "inbox.action.completed")).isEqualTo(4);
    assertThat(events(a.workspace(), "inbox.action.failed")).isEqualTo(2);
  }

  // --- fixtures

  record Account(String id, String workspace, String platformId, String token) {}

  private Account account() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Threads inbox')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String platformId = "2784" + digits(13);
    String token = "THQW" + Ids.randomBase62(32);
    SANDBOX.registerAccount("threads", platformId, "bakery_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, 'threads', :pid, 'Bakery', :handle, :token)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("pid", platformId)
        .param("handle", "bakery_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .update();
    return new Account(id, workspace, platformId, token);
  }

  private String act(Account a, String commentId, String action, String text) {
    return actions().onComment("threads", a.workspace(), a.id(), commentId, action, text);
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

  private static JsonNode byOwner(JsonNode replies) {
    for (JsonNode node : replies) {
      if (node.path("by_owner").asBoolean()) {
        return node;
      }
    }
    throw new AssertionError("no reply of the account in " + replies);
  }

  private static boolean hidden(String thread, String replyId) {
    for (JsonNode node : SANDBOX.threadsReplies(thread)) {
      if (node.path("id").asString().equals(replyId)) {
        return node.path("hidden").asBoolean();
      }
    }
    throw new AssertionError("no reply " + replyId);
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

  private static String digits(int count) {
    return Ids.randomBase62(count)
        .chars()
        .map(c -> '0' + c % 10)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

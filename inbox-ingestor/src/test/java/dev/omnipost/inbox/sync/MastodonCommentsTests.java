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
import io.micrometer.core.instrument.MeterRegistry;
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
 * Mastodon replies as inbox comments, against the sandbox through the real {@code
 * MastodonConnector}: the sync reads each recent status's thread ({@code
 * /api/v1/statuses/{id}/context}), stores every reply by someone else once (a reply to a reply
 * under its parent) with one {@code comment.received}; the actions reply, like, unlike and delete
 * (our own reply) travel as commands and show on the sandbox; an instance the SSRF guard refuses is
 * never synced.
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
class MastodonCommentsTests {

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
  @Autowired MeterRegistry meters;

  @Test
  void storesRepliesToTheAccountsStatusesOnceWithTheirThread() {
    Account a = account(SANDBOX.mastodonInstanceUrl());
    String status = SANDBOX.mastodonStatus(a.token(), "New menu today");
    String first = SANDBOX.mastodonReply(status, "ana", "Is there a vegan option?");
    String nested = SANDBOX.mastodonReply(first, "bo", "Asking the same!");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 2);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 2);

    Map<String, Object> top = comment(a.id(), first);
    assertThat(top.get("platform")).isEqualTo("mastodon");
    assertThat(top.get("platform_post_id")).isEqualTo(status);
    assertThat(top.get("parent_id")).isNull();
    assertThat(top.get("author_name")).isEqualTo("ana@remote.example");
    assertThat(top.get("text")).isEqualTo("Is there a vegan option?");
    Map<String, Object> reply = comment(a.id(), nested);
    assertThat(reply.get("parent_id")).isEqualTo(top.get("id"));
    assertThat(reply.get("platform_post_id")).isEqualTo(status);
    assertThat(events(a.workspace(), "comment.received")).isEqualTo(2);
  }

  @Test
  void repliesLikesAndDeletesItsOwnReplyOnTheInstance() {
    Account a = account(SANDBOX.mastodonInstanceUrl());
    String status = SANDBOX.mastodonStatus(a.token(), "Opening hours changed");
    String question = SANDBOX.mastodonReply(status, "cy", "Until when on Sunday?");
    await().atMost(Duration.ofSeconds(30)).until(() -> comments(a.id()) == 1);
    String commentId = (String) comment(a.id(), question).get("id");

    String replied = act(a, commentId, "reply", "Until 6 pm!");
    awaitStatus(replied, "completed");
    JsonNode ours = own(SANDBOX.mastodonThread(status));
    assertThat(ours.path("text").asString()).isEqualTo("Until 6 pm!");
    assertThat(ours.path("in_reply_to_id").asString()).isEqualTo(question);
    Map<String, Object> action = actionRow(replied);
    assertThat(action.get("platform_result_id")).isEqualTo(ours.path("id").asString());
    String replyComment = (String) action.get("result_item_id");
    assertThat(
            jdbc.sql("SELECT by_account FROM inbox_comments WHERE id = :id")
                .param("id", replyComment)
                .query(Boolean.class)
                .single())
        .isTrue();

    awaitStatus(act(a, commentId, "like", null), "completed");
    assertThat(favouritedBy(status, question)).containsExactly(a.platformId());
    awaitStatus(act(a, commentId, "unlike", null), "completed");
    assertThat(favouritedBy(status, question)).isEmpty();

    awaitStatus(act(a, replyComment, "delete", null), "completed");
    assertThat(SANDBOX.mastodonThread(status)).hasSize(1);
    // the sync never brings our own reply back as someone's comment
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> comments(a.id()) == 2);
    assertThat(events(a.workspace(), "inbox.action.completed")).isEqualTo(4);
  }

  @Test
  void neverSyncsAnInstanceTheSsrfGuardRefuses() {
    Account reachable = account(SANDBOX.mastodonInstanceUrl());
    // the same sandbox as 127.0.0.2: loopback, outside the allow-list (127.0.0.1 only)
    Account internal = account("http://127.0.0.2:" + SANDBOX.port() + "/mastodon");
    String status = SANDBOX.mastodonStatus(internal.token(), "Hidden away");
    SANDBOX.mastodonReply(status, "eve", "Found you");
    String visible = SANDBOX.mastodonStatus(reachable.token(), "In the open");
    SANDBOX.mastodonReply(visible, "fay", "Hello");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(reachable.id()) == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                meters
                        .find("omnipost.inbox.sync.failures")
                        .tags("platform", "mastodon", "reason", "instance_not_allowed")
                        .counter()
                    != null);
    assertThat(comments(internal.id())).isZero();
  }

  // --- fixtures

  record Account(String id, String workspace, String platformId, String token) {}

  private Account account(String instanceUrl) {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Mastodon comments')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String platformId = "1093" + digits(8);
    String token = "tok" + Ids.randomBase62(32);
    SANDBOX.registerAccount("mastodon", platformId, "cafe_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc, settings)
            VALUES (:id, :ws, 'mastodon', :pid, 'Cafe', :handle, :token, CAST(:settings AS jsonb))
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("pid", platformId)
        .param("handle", "cafe_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param("settings", "{\"instance_url\":\"" + instanceUrl + "\"}")
        .update();
    return new Account(id, workspace, platformId, token);
  }

  private String act(Account a, String commentId, String action, String text) {
    return actions().onComment("mastodon", a.workspace(), a.id(), commentId, action, text);
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

  private static JsonNode own(JsonNode thread) {
    for (JsonNode node : thread) {
      if (node.path("own").asBoolean()) {
        return node;
      }
    }
    throw new AssertionError("no reply of the account in " + thread);
  }

  private static List<String> favouritedBy(String status, String replyId) {
    for (JsonNode node : SANDBOX.mastodonThread(status)) {
      if (node.path("id").asString().equals(replyId)) {
        List<String> by = new ArrayList<>();
        node.path("favourited_by").forEach(n -> by.add(n.asString()));
        return by;
      }
    }
    throw new AssertionError("no reply " + replyId);
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

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
 * X direct messages through the real service, PostgreSQL, Kafka and the platform sandbox over HTTP
 * ({@code GET /2/dm_events}, {@code POST /2/dm_conversations/with/{id}/messages}): the sync brings
 * a person's messages into one conversation keyed by their user id, once, with one {@code
 * message.received} each and the {@code messages} cursor on the newest event; an answer sent as a
 * {@code send_message} action appears in the sandbox once and is stored as the account's message,
 * which later rounds do not store again.
 */
@SpringBootTest(
    classes = InboxIngestorApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=inbox-ingestor",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
    })
class XDirectMessageTests {

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
    registry.add("omnipost.media.public-base-url", SANDBOX::imagesUrl);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;

  @Test
  void theSyncBringsAPersonsMessagesOnceAndTheAnswerReachesXOnce() {
    Account account = account();
    JsonNode first = SANDBOX.xDirectMessage(account.platformId(), "ana_x", "Open today?");
    JsonNode second = SANDBOX.xDirectMessage(account.platformId(), "ana_x", "And Sunday?");
    String personId = first.path("sender_id").asString();

    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 2);
    Map<String, Object> conversation = conversation(account.id());
    assertThat(conversation)
        .containsEntry("participant_id", personId)
        .containsEntry("participant_handle", "ana_x")
        .containsEntry("platform_conversation_id", first.path("dm_conversation_id").asString())
        .containsEntry("status", "open");
    assertThat(cursor(account.id())).isEqualTo(second.path("dm_event_id").asString());
    assertThat(events(account.workspace(), "message.received")).isEqualTo(2);

    String action = sendMessage(account, (String) conversation.get("id"), "Yes, until 6pm");

    awaitStatus(action, "completed");
    JsonNode sandboxEvents = SANDBOX.xDirectMessages(account.platformId());
    assertThat(sandboxEvents).hasSize(3);
    JsonNode answer = sandboxEvents.get(2);
    assertThat(answer.path("sender_id").asString()).isEqualTo(account.platformId());
    assertThat(answer.path("text").asString()).isEqualTo("Yes, until 6pm");
    assertThat(answer.path("dm_conversation_id").asString())
        .isEqualTo(first.path("dm_conversation_id").asString());
    Map<String, Object> stored =
        jdbc.sql("SELECT * FROM inbox_messages WHERE account_id = :a AND by_account")
            .param("a", account.id())
            .query()
            .singleRow();
    assertThat(stored)
        .containsEntry("platform_item_id", answer.path("id").asString())
        .containsEntry("text", "Yes, until 6pm")
        .containsEntry("conversation_id", conversation.get("id"));
    assertThat(actionRow(action))
        .containsEntry("result_item_id", stored.get("id"))
        .containsEntry("attempts", 1);
    // later rounds read the answer back and store nothing new
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> answer.path("id").asString().equals(cursor(account.id())));
    assertThat(allMessages(account.id())).isEqualTo(3);
    assertThat(events(account.workspace(), "message.received")).isEqualTo(2);
    assertThat(events(account.workspace(), "inbox.action.completed")).isEqualTo(1);
  }

  @Test
  void anAnswerWithAnImageIsUploadedToXThenSentWithItsMediaId() {
    Account account = account();
    SANDBOX.xDirectMessage(account.platformId(), "bo_x", "Photo of the cake?");
    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 1);
    String media = media(account, "image/png");

    String action =
        sendMessage(account, (String) conversation(account.id()).get("id"), "Here", List.of(media));

    awaitStatus(action, "completed");
    JsonNode answer = SANDBOX.xDirectMessages(account.platformId()).get(1);
    assertThat(answer.path("text").asString()).isEqualTo("Here");
    assertThat(answer.path("media_ids")).hasSize(1);
    assertThat(actionRow(action)).containsEntry("platform_result_id", answer.path("id").asString());
  }

  @Test
  void anAnswerWhoseMediaWasDeletedFailsWithoutSending() {
    Account account = account();
    SANDBOX.xDirectMessage(account.platformId(), "cy_x", "Hello?");
    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 1);

    String action =
        sendMessage(
            account, (String) conversation(account.id()).get("id"), "Here", List.of("med_gone"));

    awaitStatus(action, "failed");
    assertThat((String) actionRow(action).get("error_message")).contains("deleted");
    assertThat(SANDBOX.xDirectMessages(account.platformId())).hasSize(1);
  }

  /** A media row of the account's workspace; the test's image server answers its public URL. */
  String media(Account account, String contentType) {
    String id = Ids.newId("med");
    jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, filename, content_type, size_bytes, sha256,
                storage_path, public_token)
            VALUES (:id, :ws, 'cake.png', :type, 68, 'x', '/nowhere', :token)
            """)
        .param("id", id)
        .param("ws", account.workspace())
        .param("type", contentType)
        .param("token", Ids.randomBase62(24))
        .update();
    return id;
  }

  record Account(String workspace, String id, String platformId, String token) {}

  /** A connected X account whose comment and mention syncs are a day away. */
  private Account account() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'X DMs')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String platformId =
        "19"
            + Ids.randomBase62(17)
                .chars()
                .map(c -> '0' + c % 10)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    String token = "xt-" + Ids.randomBase62(32);
    SANDBOX.registerAccount("twitter", platformId, "shop_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, 'twitter', :pid, 'Shop', :handle, :token)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("pid", platformId)
        .param("handle", "shop_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .update();
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:id, 'comments', now() + interval '1 day'),"
                + " (:id, 'mentions', now() + interval '1 day')"
                + " ON CONFLICT (account_id, kind) DO UPDATE SET synced_at = EXCLUDED.synced_at")
        .param("id", id)
        .update();
    return new Account(workspace, id, platformId, token);
  }

  String sendMessage(Account account, String conversationId, String text) {
    return sendMessage(account, conversationId, text, List.of());
  }

  String sendMessage(Account account, String conversationId, String text, List<String> media) {
    String id = Ids.newId("act");
    jdbc.sql(
            """
            INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text,
                media_ids)
            SELECT :id, :ws, :account, a.platform, 'conversation', :item, 'send_message', :text,
                string_to_array(:media, ',')
            FROM accounts a WHERE a.id = :account
            """)
        .param("id", id)
        .param("ws", account.workspace())
        .param("account", account.id())
        .param("item", conversationId)
        .param("text", text)
        .param("media", String.join(",", media))
        .update();
    transactions.executeWithoutResult(
        tx ->
            outbox.append(
                Topics.INBOX_ACTIONS,
                account.id(),
                codec.wrap(
                    new PerformInboxAction(id, account.workspace(), account.id()),
                    account.workspace(),
                    id)));
    return id;
  }

  private void awaitStatus(String actionId, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status.equals(actionRow(actionId).get("status")));
  }

  private Map<String, Object> actionRow(String actionId) {
    return jdbc.sql("SELECT * FROM inbox_actions WHERE id = :id")
        .param("id", actionId)
        .query()
        .singleRow();
  }

  private Map<String, Object> conversation(String accountId) {
    return jdbc.sql("SELECT * FROM inbox_conversations WHERE account_id = :a")
        .param("a", accountId)
        .query()
        .singleRow();
  }

  private String cursor(String accountId) {
    return jdbc.sql("SELECT cursor FROM inbox_cursors WHERE account_id = :a AND kind = 'messages'")
        .param("a", accountId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private int messages(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_messages WHERE account_id = :a AND NOT by_account")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private int allMessages(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_messages WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private int events(String workspace, String type) {
    return jdbc.sql("SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = :t")
        .param("w", workspace)
        .param("t", type)
        .query(Integer.class)
        .single();
  }
}

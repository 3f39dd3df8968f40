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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Direct messages through the real service, PostgreSQL, Kafka and the platform sandbox over HTTP:
 * an Instagram message arrives by the sandbox's signed messaging webhook (the account's sync is a
 * day away) and is stored once with one {@code message.received}; the answer, sent as a {@code
 * send_message} action, shows in the sandbox's thread and is stored as the account's message; a
 * Messenger thread is brought by the sync with the person's name; and an answer the platform
 * refuses outside its 24-hour window fails the action instead of being retried.
 */
@SpringBootTest(
    classes = InboxIngestorApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=inbox-ingestor",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
      "omnipost.inbox.meta.app-secret=" + DirectMessageTests.APP_SECRET,
      "omnipost.inbox.meta.verify-token=" + DirectMessageTests.VERIFY_TOKEN,
    })
class DirectMessageTests {

  static final String APP_SECRET = "dm-app-secret-0123";
  static final String VERIFY_TOKEN = "dm-verify-4567";
  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
    registry.add("omnipost.media.public-base-url", SANDBOX::imagesUrl);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;

  @AfterAll
  static void unsubscribe() {
    SANDBOX.unsubscribeWebhooks();
  }

  @Test
  void aMessageArrivesByWebhookOnceAndTheAnswerReachesThePlatform() {
    Account account = account("instagram", true);
    SANDBOX.subscribeWebhooks(
        "http://127.0.0.1:" + port + "/webhooks/meta", VERIFY_TOKEN, APP_SECRET);

    JsonNode sent =
        SANDBOX.directMessage("instagram", account.platformId(), "ana.eats", "Open today?", 0);
    String personId = sent.path("from_id").asString();
    String platformMessageId = sent.path("message_id").asString();

    await().atMost(Duration.ofSeconds(10)).until(() -> messages(account.id()) == 1);
    Map<String, Object> conversation = conversation(account.id());
    assertThat(conversation)
        .containsEntry("participant_id", personId)
        .containsEntry("status", "open");
    assertThat(conversation.get("last_incoming_at")).isNotNull();
    Map<String, Object> message =
        jdbc.sql("SELECT * FROM inbox_messages WHERE account_id = :a")
            .param("a", account.id())
            .query()
            .singleRow();
    assertThat(message)
        .containsEntry("platform_item_id", platformMessageId)
        .containsEntry("text", "Open today?")
        .containsEntry("author_id", personId)
        .containsEntry("by_account", false)
        .containsEntry("conversation_id", conversation.get("id"));
    assertThat(events(account.workspace(), "message.received")).isEqualTo(1);

    String action = sendMessage(account, (String) conversation.get("id"), "Yes, until 6pm");

    awaitStatus(action, "completed");
    JsonNode thread = SANDBOX.conversation("instagram", sent.path("conversation_id").asString());
    JsonNode answer = thread.path("messages").get(1);
    assertThat(answer.path("from_account").asBoolean()).isTrue();
    assertThat(answer.path("text").asString()).isEqualTo("Yes, until 6pm");
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
        .containsEntry("platform_result_id", answer.path("id").asString());
    assertThat(events(account.workspace(), "inbox.action.completed")).isEqualTo(1);
    assertThat(events(account.workspace(), "message.received")).isEqualTo(1);
  }

  @Test
  void theSyncBringsAMessengerThreadOnceWithThePersonsName() {
    Account account = account("facebook", false);

    SANDBOX.directMessage("facebook", account.platformId(), "bruno", "Table for two?", 0);

    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 1);
    Map<String, Object> conversation = conversation(account.id());
    assertThat(conversation).containsEntry("participant_name", "BRUNO");
    assertThat(conversation.get("platform_conversation_id")).isNotNull();
    // further rounds see the same thread and store nothing new
    long synced = syncs(account.id());
    await().atMost(Duration.ofSeconds(15)).until(() -> syncs(account.id()) > synced + 1);
    assertThat(messages(account.id())).isEqualTo(1);
    assertThat(events(account.workspace(), "message.received")).isEqualTo(1);
  }

  @Test
  void anAnswerThePlatformRefusesOutsideItsWindowFailsAtOnce() {
    Account account = account("instagram", false);
    SANDBOX.directMessage(
        "instagram",
        account.platformId(),
        "carla",
        "Still there?",
        Duration.ofHours(25).toSeconds());
    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 1);

    String action =
        sendMessage(account, (String) conversation(account.id()).get("id"), "Sorry, late");

    awaitStatus(action, "failed");
    assertThat(actionRow(action)).containsEntry("attempts", 1);
    assertThat((String) actionRow(action).get("error_message"))
        .contains("outside of allowed window");
    assertThat(events(account.workspace(), "inbox.action.failed")).isEqualTo(1);
  }

  @Test
  void aMessengerAnswerWithAnImageSendsTheTextThenTheAttachmentByItsPublicUrl() {
    Account account = account("facebook", false);
    JsonNode sent = SANDBOX.directMessage("facebook", account.platformId(), "dora", "Menu?", 0);
    await().atMost(Duration.ofSeconds(15)).until(() -> messages(account.id()) == 1);
    String media = Ids.newId("med");
    String token = Ids.randomBase62(24);
    jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, filename, content_type, size_bytes, sha256,
                storage_path, public_token)
            VALUES (:id, :ws, 'menu.png', 'image/png', 68, 'x', '/nowhere', :token)
            """)
        .param("id", media)
        .param("ws", account.workspace())
        .param("token", token)
        .update();
    String id = Ids.newId("act");
    jdbc.sql(
            """
            INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text,
                media_ids)
            VALUES (:id, :ws, :account, 'facebook', 'conversation', :item, 'send_message', 'Here it is',
                ARRAY[:media])
            """)
        .param("id", id)
        .param("ws", account.workspace())
        .param("account", account.id())
        .param("item", conversation(account.id()).get("id"))
        .param("media", media)
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

    awaitStatus(id, "completed");
    JsonNode thread = SANDBOX.conversation("facebook", sent.path("conversation_id").asString());
    assertThat(thread.path("messages")).hasSize(3);
    assertThat(thread.path("messages").get(1).path("text").asString()).isEqualTo("Here it is");
    assertThat(thread.path("messages").get(2).path("attachment_url").asString())
        .isEqualTo(SANDBOX.imagesUrl() + "/media/" + token);
  }

  private record Account(String workspace, String id, String platformId, String token) {}

  /** A connected account; {@code syncLater}: its message sync is a day away. */
  private Account account(String platform, boolean syncLater) {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'DMs')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String platformId =
        Ids.randomBase62(15)
            .chars()
            .map(c -> '0' + c % 10)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    String token = "EAAG" + Ids.randomBase62(32);
    SANDBOX.registerAccount(platform, platformId, "shop_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, :platform, :pid, 'Shop', :handle, :token)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("platform", platform)
        .param("pid", platformId)
        .param("handle", "shop_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .update();
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:id, 'comments', now() + interval '1 day'),"
                + " (:id, 'mentions', now() + interval '1 day')"
                + (syncLater ? ", (:id, 'messages', now() + interval '1 day')" : "")
                // a sync round may have created a cursor row of the new account already
                + " ON CONFLICT (account_id, kind) DO UPDATE SET synced_at = EXCLUDED.synced_at")
        .param("id", id)
        .update();
    return new Account(workspace, id, platformId, token);
  }

  private String sendMessage(Account account, String conversationId, String text) {
    String id = Ids.newId("act");
    jdbc.sql(
            """
            INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text)
            SELECT :id, :ws, :account, a.platform, 'conversation', :item, 'send_message', :text
            FROM accounts a WHERE a.id = :account
            """)
        .param("id", id)
        .param("ws", account.workspace())
        .param("account", account.id())
        .param("item", conversationId)
        .param("text", text)
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

  private int messages(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_messages WHERE account_id = :a AND NOT by_account")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private long syncs(String accountId) {
    // each round moves synced_at; count distinct observations by its epoch millis
    return jdbc.sql(
            "SELECT (extract(epoch FROM synced_at) * 1000)::bigint FROM inbox_cursors WHERE account_id = :a AND kind = 'messages'")
        .param("a", accountId)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }

  private int events(String workspace, String type) {
    return jdbc.sql("SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = :t")
        .param("w", workspace)
        .param("t", type)
        .query(Integer.class)
        .single();
  }
}

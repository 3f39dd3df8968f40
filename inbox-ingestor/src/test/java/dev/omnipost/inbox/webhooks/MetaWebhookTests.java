package dev.omnipost.inbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.inbox.sync.SandboxInstagram;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Meta's webhooks at {@code /webhooks/meta}: the verification handshake, the signature on every
 * POST, replays, and a comment added in the sandbox arriving through the sandbox's signed webhook
 * (the account's scheduled sync is a day away, so only the webhook can bring it).
 */
@SpringBootTest(
    classes = InboxIngestorApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=inbox-ingestor",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
      "omnipost.inbox.meta.app-secret=" + MetaWebhookTests.APP_SECRET,
      "omnipost.inbox.meta.verify-token=" + MetaWebhookTests.VERIFY_TOKEN,
    })
class MetaWebhookTests {

  static final String APP_SECRET = "sandbox-app-secret-0123";
  static final String VERIFY_TOKEN = "verify-me-4567";
  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterAll
  static void unsubscribe() {
    SANDBOX.unsubscribeWebhooks();
  }

  @Test
  void echoesTheChallengeOnlyForTheVerifyToken() throws Exception {
    HttpResponse<String> ok =
        get(
            "/webhooks/meta?hub.mode=subscribe&hub.verify_token="
                + VERIFY_TOKEN
                + "&hub.challenge=1158201444");
    HttpResponse<String> wrong =
        get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("1158201444");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("webhook.verification_failed");
  }

  @Test
  void aCommentAddedInTheSandboxArrivesThroughTheSignedWebhook() {
    Account account = account();
    SANDBOX.subscribeWebhooks(
        "http://127.0.0.1:" + port + "/webhooks/meta", VERIFY_TOKEN, APP_SECRET);
    String media = SANDBOX.publishPhoto(account.igUserId(), account.token(), "Webhook day");

    String comment = SANDBOX.comment(account.igUserId(), media, "eve", "Real time!");

    await().atMost(Duration.ofSeconds(5)).until(() -> comments(account.id(), comment) == 1);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = 'comment.received'")
                .param("w", account.workspace())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void refusesAMissingOrWrongSignatureAndStoresNothing() throws Exception {
    Account account = account();
    byte[] body = notification(account.igUserId(), "c-" + Ids.randomBase62(8), Instant.now());

    HttpResponse<String> unsigned = post(body, null);
    HttpResponse<String> wrongSecret = post(body, MetaSignature.sign("not-the-secret", body));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("webhook.invalid_signature");
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(comments(account.id(), null)).isZero();
  }

  @Test
  void refusesAReplayedOrStaleNotification() throws Exception {
    Account account = account();
    String commentId = "c-" + Ids.randomBase62(8);
    byte[] body = notification(account.igUserId(), commentId, Instant.now());
    byte[] stale =
        notification(
            account.igUserId(), "c-" + Ids.randomBase62(8), Instant.now().minusSeconds(3600));

    HttpResponse<String> first = post(body, MetaSignature.sign(APP_SECRET, body));
    HttpResponse<String> replay = post(body, MetaSignature.sign(APP_SECRET, body));
    HttpResponse<String> old = post(stale, MetaSignature.sign(APP_SECRET, stale));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(replay.body()).contains("webhook.replayed");
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.body()).contains("webhook.stale");
    assertThat(comments(account.id(), null)).isEqualTo(1);
    assertThat(comments(account.id(), commentId)).isEqualTo(1);
  }

  record Account(String workspace, String id, String igUserId, String token) {}

  /** A connected Instagram account whose scheduled syncs are a day away. */
  private Account account() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Webhooks')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    String igUserId =
        "1787"
            + Ids.randomBase62(10)
                .chars()
                .map(c -> '0' + c % 10)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    String token = "IGQV" + Ids.randomBase62(32);
    SANDBOX.registerAccount(igUserId, "shop_" + igUserId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, 'instagram', :ig, 'Shop', :handle, :token)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("ig", igUserId)
        .param("handle", "shop_" + igUserId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .update();
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:id, 'comments', now() + interval '1 day'),"
                + " (:id, 'mentions', now() + interval '1 day'), (:id, 'messages', now() + interval '1 day')"
                + " ON CONFLICT (account_id, kind) DO UPDATE SET synced_at = EXCLUDED.synced_at")
        .param("id", id)
        .update();
    return new Account(workspace, id, igUserId, token);
  }

  private static byte[] notification(String igUserId, String commentId, Instant at) {
    return ("{\"object\":\"instagram\",\"entry\":[{\"id\":\""
            + igUserId
            + "\",\"time\":"
            + at.getEpochSecond()
            + ",\"changes\":[{\"field\":\"comments\",\"value\":{\"from\":{\"id\":\"u1\",\"username\":\"fan\"},"
            + "\"media\":{\"id\":\"m1\",\"media_product_type\":\"FEED\"},\"id\":\""
            + commentId
            + "\",\"text\":\"Hello\"}}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private int comments(String accountId, String platformItemId) {
    return jdbc.sql(
            "SELECT count(*) FROM inbox_comments WHERE account_id = :a"
                + (platformItemId == null ? "" : " AND platform_item_id = :i"))
        .param("a", accountId)
        .param("i", platformItemId == null ? "" : platformItemId)
        .query(Integer.class)
        .single();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/meta"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

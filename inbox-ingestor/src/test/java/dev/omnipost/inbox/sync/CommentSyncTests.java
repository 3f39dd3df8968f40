package dev.omnipost.inbox.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.inbox.RecordedSpans;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scheduled sync against the platform sandbox over HTTP, with the real database and broker. */
@SpringBootTest(
    classes = {InboxIngestorApplication.class, CommentSyncTests.Spans.class},
    properties = {
      "spring.config.name=inbox-ingestor",
      "server.port=0",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
    })
class CommentSyncTests {

  /** Records the spans the ingestor ends. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    RecordedSpans recordedSpans() {
      return new RecordedSpans();
    }
  }

  @Autowired RecordedSpans spans;

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;

  @Test
  void storesANewCommentOnceAcrossSyncRoundsAndAnnouncesItOnce() {
    String workspace = workspace();
    Account account = instagramAccount(workspace, "valid");
    String mediaId = SANDBOX.publishPhoto(account.igUserId(), account.token(), "Our new menu");
    String commentId = SANDBOX.comment(account.igUserId(), mediaId, "ana.eats", "Looks delicious!");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(account.id()) == 1);
    long firstSync = syncedAt(account.id());
    await().atMost(Duration.ofSeconds(30)).until(() -> syncedAt(account.id()) > firstSync);

    Map<String, Object> row =
        jdbc.sql("SELECT * FROM inbox_comments WHERE account_id = :a")
            .param("a", account.id())
            .query()
            .singleRow();
    assertThat(row.get("platform_item_id")).isEqualTo(commentId);
    assertThat(row.get("platform_post_id")).isEqualTo(mediaId);
    assertThat(row.get("author_name")).isEqualTo("ana.eats");
    assertThat(row.get("text")).isEqualTo("Looks delicious!");
    assertThat(row.get("workspace_id")).isEqualTo(workspace);
    assertThat(comments(account.id())).isEqualTo(1);
    assertThat(events(workspace, "comment.received")).isEqualTo(1);
    // each round's sync of the account was a span of its own (ADR 30)
    assertThat(spans.named(SyncRound.SPAN))
        .filteredOn(s -> account.id().equals(RecordedSpans.attribute(s, "account_id")))
        .filteredOn(s -> "comments".equals(RecordedSpans.attribute(s, "kind")))
        .filteredOn(s -> "synced".equals(RecordedSpans.attribute(s, "outcome")))
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            s -> {
              assertThat(RecordedSpans.attribute(s, "platform")).isEqualTo("instagram");
            });
  }

  @Test
  void linksACommentToThePostWhoseTargetHasItsMediaId() {
    String workspace = workspace();
    Account account = instagramAccount(workspace, "valid");
    String mediaId = SANDBOX.publishPhoto(account.igUserId(), account.token(), "Launch day");
    String postId = publishedPost(workspace, account.id(), mediaId);

    SANDBOX.comment(account.igUserId(), mediaId, "bo", "Congrats!");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(account.id()) == 1);
    assertThat(
            jdbc.sql("SELECT post_id FROM inbox_comments WHERE account_id = :a")
                .param("a", account.id())
                .query(String.class)
                .single())
        .isEqualTo(postId);
    assertThat(
            jdbc.sql(
                    "SELECT data->>'post_id' FROM event_log WHERE workspace_id = :w AND type = 'comment.received'")
                .param("w", workspace)
                .query(String.class)
                .single())
        .isEqualTo(postId);
  }

  @Test
  void marksAnAccountWithARejectedTokenExpiredWhileOthersStillSync() {
    String workspace = workspace();
    Account healthy = instagramAccount(workspace, "valid");
    Account revoked = instagramAccount(workspace, "unknown-to-the-platform");
    String mediaId = SANDBOX.publishPhoto(healthy.igUserId(), healthy.token(), "Still here");

    SANDBOX.comment(healthy.igUserId(), mediaId, "cy", "Nice");

    await().atMost(Duration.ofSeconds(30)).until(() -> comments(healthy.id()) == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(revoked.id()).equals("expired"));
    assertThat(status(healthy.id())).isEqualTo("connected");
    assertThat(
            jdbc.sql(
                    "SELECT subject FROM event_log WHERE workspace_id = :w AND type = 'account.needs_reconnect'")
                .param("w", workspace)
                .query(String.class)
                .list())
        .containsExactly(revoked.id());
  }

  record Account(String id, String igUserId, String token) {}

  private String workspace() {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Inbox test')")
        .param("id", id)
        .update();
    return id;
  }

  /** An Instagram account; with "valid" its token is registered in the sandbox, otherwise not. */
  private Account instagramAccount(String workspace, String tokenKind) {
    String id = Ids.newId("acc");
    String igUserId =
        "1784"
            + Ids.randomBase62(10)
                .chars()
                .map(c -> '0' + c % 10)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    String token = "IGQV" + Ids.randomBase62(32);
    if (tokenKind.equals("valid")) {
      SANDBOX.registerAccount(igUserId, "shop_" + igUserId, token);
    }
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
    return new Account(id, igUserId, token);
  }

  private String publishedPost(String workspace, String accountId, String mediaId) {
    String postId = Ids.newId("post");
    jdbc.sql(
            "INSERT INTO posts (id, workspace_id, status, text) VALUES (:id, :ws, 'published', 'Launch day')")
        .param("id", postId)
        .param("ws", workspace)
        .update();
    jdbc.sql(
            """
            INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status, text, platform_post_id, published_at)
            VALUES (:id, :ws, :post, :account, 'instagram', 'published', 'Launch day', :media, now())
            """)
        .param("id", Ids.newId("tgt"))
        .param("ws", workspace)
        .param("post", postId)
        .param("account", accountId)
        .param("media", mediaId)
        .update();
    return postId;
  }

  private int comments(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_comments WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private long syncedAt(String accountId) {
    return jdbc.sql(
            "SELECT extract(epoch FROM synced_at) * 1000 FROM inbox_cursors WHERE account_id = :a AND kind = 'comments'")
        .param("a", accountId)
        .query(Double.class)
        .optional()
        .orElse(0.0)
        .longValue();
  }

  private String status(String accountId) {
    return jdbc.sql("SELECT status FROM accounts WHERE id = :a")
        .param("a", accountId)
        .query(String.class)
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

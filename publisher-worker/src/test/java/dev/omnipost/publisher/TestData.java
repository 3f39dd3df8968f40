package dev.omnipost.publisher;

import dev.omnipost.events.Ids;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds what the gateway would have written (workspace, accounts, media, posts with targets) with
 * plain SQL, in a fresh workspace per test so tests sharing the database never see each other's
 * rows; and reads back what the worker did.
 */
public class TestData {

  /** A seeded account: our id, its platform and the platform's own id for it. */
  public record Account(String id, String platform, String platformAccountId) {}

  private final java.util.Map<String, String> tokens =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The account's token as the sandbox knows it, to act on the platform as a dead worker did. */
  public String sandboxToken(Account account) {
    return tokens.get(account.id());
  }

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final TransactionTemplate transactions;

  public TestData(JdbcClient jdbc, SecretCipher cipher, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.transactions = transactions;
  }

  public String workspace() {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Test agency')")
        .param("id", id)
        .update();
    return id;
  }

  public Account mastodonAccount(String workspaceId) {
    return account(
        workspaceId,
        "mastodon",
        "{\"instance_url\":\"" + TestPlatforms.SANDBOX.mastodonInstanceUrl() + "\"}");
  }

  /**
   * A Mastodon account on the sandbox, but reached as {@code 127.0.0.2}: loopback outside the
   * tests' instance allow-list (127.0.0.1 only), so the SSRF guard must refuse every call to it.
   */
  public Account mastodonAccountOnAnInternalHost(String workspaceId) {
    return account(
        workspaceId,
        "mastodon",
        "{\"instance_url\":\"http://127.0.0.2:" + TestPlatforms.SANDBOX.port() + "/mastodon\"}");
  }

  public Account instagramAccount(String workspaceId) {
    return account(workspaceId, "instagram", "{}");
  }

  /**
   * An account whose posts never reach a platform: a TikTok account (TikTok has a connector now,
   * but it rejects a post without a video or photos before any call), so its targets fail at once.
   */
  public Account unsupportedPlatformAccount(String workspaceId) {
    return insertAccount(workspaceId, "tiktok", "tt" + Ids.randomBase62(10), "unused-token", "{}");
  }

  private Account account(String workspaceId, String platform, String settings) {
    String platformAccountId =
        String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    String token = "token-" + Ids.randomBase62(20);
    TestPlatforms.SANDBOX
        .control()
        .registerAccount(
            new SandboxAccount(platform, platformAccountId, "agency" + platformAccountId, token));
    Account account = insertAccount(workspaceId, platform, platformAccountId, token, settings);
    tokens.put(account.id(), token);
    return account;
  }

  private Account insertAccount(
      String workspaceId,
      String platform,
      String platformAccountId,
      String token,
      String settings) {
    String id = Ids.newId("acc");
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle,
                                  access_token_enc, settings)
            VALUES (:id, :ws, :platform, :platformAccountId, 'Agency', :handle, :token,
                    CAST(:settings AS jsonb))
            """)
        .param("id", id)
        .param("ws", workspaceId)
        .param("platform", platform)
        .param("platformAccountId", platformAccountId)
        .param("handle", "agency" + platformAccountId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param("settings", settings)
        .update();
    return new Account(id, platform, platformAccountId);
  }

  /** An image the stand-in media server serves at its public URL; returns the media id. */
  public String image(String workspaceId, byte[] bytes) {
    String id = Ids.newId("med");
    String publicToken = Ids.randomBase62(32);
    TestPlatforms.serveMedia(publicToken, bytes);
    jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, filename, content_type, size_bytes, sha256,
                               storage_path, public_token)
            VALUES (:id, :ws, 'photo.png', 'image/png', :size, 'sha', '/tmp/photo.png', :token)
            """)
        .param("id", id)
        .param("ws", workspaceId)
        .param("size", (long) bytes.length)
        .param("token", publicToken)
        .update();
    return id;
  }

  /** A post to publish now: one queued target per account, as the gateway writes it. */
  public String queuedPost(
      String workspaceId, String text, List<String> mediaIds, Account... accounts) {
    return post(workspaceId, "publishing", "queued", text, mediaIds, Instant.now(), accounts);
  }

  /** A post scheduled for {@code dueAt}. */
  public String scheduledPost(String workspaceId, String text, Instant dueAt, Account... accounts) {
    return post(workspaceId, "scheduled", "scheduled", text, List.of(), dueAt, accounts);
  }

  /** A post with media scheduled for {@code dueAt}. */
  public String scheduledPost(
      String workspaceId, String text, Instant dueAt, List<String> mediaIds, Account... accounts) {
    return post(workspaceId, "scheduled", "scheduled", text, mediaIds, dueAt, accounts);
  }

  private String post(
      String workspaceId,
      String postStatus,
      String targetStatus,
      String text,
      List<String> mediaIds,
      Instant dueAt,
      Account... accounts) {
    String postId = Ids.newId("post");
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql(
                  """
                  INSERT INTO posts (id, workspace_id, status, text, media_ids, scheduled_at)
                  VALUES (:id, :ws, :status, :text, :media, :scheduledAt)
                  """)
              .param("id", postId)
              .param("ws", workspaceId)
              .param("status", postStatus)
              .param("text", text)
              .param("media", mediaIds.toArray(String[]::new))
              .param("scheduledAt", postStatus.equals("scheduled") ? Timestamp.from(dueAt) : null)
              .update();
          for (Account account : accounts) {
            jdbc.sql(
                    """
                    INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status,
                                              text, media_ids, due_at)
                    VALUES (:id, :ws, :post, :account, :platform, :status, :text, :media, :due)
                    """)
                .param("id", Ids.newId("tgt"))
                .param("ws", workspaceId)
                .param("post", postId)
                .param("account", account.id())
                .param("platform", account.platform())
                .param("status", targetStatus)
                .param("text", text)
                .param("media", mediaIds.toArray(String[]::new))
                .param("due", Timestamp.from(dueAt))
                .update();
          }
        });
    return postId;
  }

  public Map<String, Object> target(String postId, Account account) {
    return jdbc.sql("SELECT * FROM post_targets WHERE post_id = :post AND account_id = :account")
        .param("post", postId)
        .param("account", account.id())
        .query()
        .singleRow();
  }

  public String targetStatus(String postId, Account account) {
    return (String) target(postId, account).get("status");
  }

  public String postStatus(String postId) {
    return jdbc.sql("SELECT status FROM posts WHERE id = :id")
        .param("id", postId)
        .query(String.class)
        .single();
  }

  public String accountStatus(Account account) {
    return jdbc.sql("SELECT status FROM accounts WHERE id = :id")
        .param("id", account.id())
        .query(String.class)
        .single();
  }

  /** Types of the workspace's logged events about {@code subject}, oldest first. */
  public List<String> eventTypes(String workspaceId, String subject) {
    return jdbc.sql(
            "SELECT type FROM event_log WHERE workspace_id = :ws AND subject = :subject"
                + " ORDER BY occurred_at, id")
        .param("ws", workspaceId)
        .param("subject", subject)
        .query(String.class)
        .list();
  }

  /** The data of the workspace's one logged event of {@code type}. */
  public String eventData(String workspaceId, String type) {
    return jdbc.sql(
            "SELECT CAST(data AS text) FROM event_log WHERE workspace_id = :ws AND type = :type")
        .param("ws", workspaceId)
        .param("type", type)
        .query(String.class)
        .single();
  }

  public JdbcClient jdbc() {
    return jdbc;
  }
}

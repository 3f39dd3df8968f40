package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.inbox.PlatformMention;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ingestor's SQL: claiming accounts through their cursor rows (one per account and kind: {@code
 * comments}, {@code mentions}), storing comments and mentions once.
 */
@Repository
class InboxStore {

  static final String KIND = "comments";
  static final String MENTIONS = "mentions";

  private final JdbcClient jdbc;

  InboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Connected accounts of the given platforms, least recently synced first. */
  List<String> accountsToSync(List<String> platforms, int limit) {
    return dueAccounts(KIND, platforms, limit).stream().map(DueAccount::id).toList();
  }

  /**
   * Connected accounts of the given platforms for one kind: those with a sync requested through the
   * API first, then the least recently synced.
   */
  List<DueAccount> dueAccounts(String kind, List<String> platforms, int limit) {
    if (platforms.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT a.id, a.platform FROM accounts a
            LEFT JOIN inbox_cursors c ON c.account_id = a.id AND c.kind = :kind
            WHERE a.status = 'connected' AND a.platform IN (:platforms)
            ORDER BY (c.requested_at IS NOT NULL AND c.requested_at > c.synced_at) DESC,
                     c.synced_at NULLS FIRST, a.id
            LIMIT :limit
            """)
        .param("kind", kind)
        .param("platforms", platforms)
        .param("limit", limit)
        .query((rs, n) -> new DueAccount(rs.getString("id"), rs.getString("platform")))
        .list();
  }

  /** Creates the cursor row a claim locks; a new account counts as never synced. */
  void ensureCursor(String accountId) {
    ensureCursor(accountId, KIND);
  }

  void ensureCursor(String accountId, String kind) {
    jdbc.sql(
            """
            INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:id, :kind, 'epoch')
            ON CONFLICT (account_id, kind) DO NOTHING
            """)
        .param("id", accountId)
        .param("kind", kind)
        .update();
  }

  /**
   * Locks the account's cursor row for this transaction unless another instance holds it or the
   * account was synced less than {@code minGap} ago; empty means "not yours this round".
   */
  Optional<SyncedAccount> claim(String accountId, Duration minGap) {
    return claim(accountId, KIND, minGap);
  }

  /**
   * As {@link #claim(String, Duration)} for one kind; a sync requested through the API since the
   * last one does not wait for {@code minGap}.
   */
  Optional<SyncedAccount> claim(String accountId, String kind, Duration minGap) {
    return jdbc.sql(
            """
            SELECT a.id, a.workspace_id, a.platform, a.platform_account_id, a.handle, a.access_token_enc,
                   a.settings::text AS settings, c.cursor
            FROM inbox_cursors c JOIN accounts a ON a.id = c.account_id
            WHERE c.account_id = :id AND c.kind = :kind AND a.status = 'connected'
              AND (c.synced_at <= now() - make_interval(secs => :gapSeconds)
                   OR (c.requested_at IS NOT NULL AND c.requested_at > c.synced_at))
            FOR UPDATE OF c SKIP LOCKED
            """)
        .param("id", accountId)
        .param("kind", kind)
        .param("gapSeconds", minGap.toMillis() / 1000.0)
        .query(
            (rs, n) ->
                new SyncedAccount(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("platform"),
                    rs.getString("platform_account_id"),
                    rs.getString("handle"),
                    rs.getBytes("access_token_enc"),
                    rs.getString("settings"),
                    rs.getString("cursor")))
        .optional();
  }

  /**
   * Every connected account with this platform id (a webhook names accounts so): one platform
   * account may be connected in several workspaces, and each gets what the platform sent.
   */
  List<SyncedAccount> connectedAccounts(String platform, String platformAccountId) {
    return jdbc.sql(
            """
            SELECT a.id, a.workspace_id, a.platform, a.platform_account_id, a.handle, a.access_token_enc,
                   a.settings::text AS settings, NULL AS cursor
            FROM accounts a
            WHERE a.platform = :platform AND a.platform_account_id = :pid AND a.status = 'connected'
            ORDER BY a.created_at
            """)
        .param("platform", platform)
        .param("pid", platformAccountId)
        .query(
            (rs, n) ->
                new SyncedAccount(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("platform"),
                    rs.getString("platform_account_id"),
                    rs.getString("handle"),
                    rs.getBytes("access_token_enc"),
                    rs.getString("settings"),
                    rs.getString("cursor")))
        .list();
  }

  /** The stored comment's id and linked post when it is new; empty when it was already stored. */
  Optional<StoredComment> insertIfNew(String id, SyncedAccount account, PlatformComment comment) {
    return jdbc.sql(
            """
            INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, post_id, parent_id, author_id, author_name, text, created_at)
            VALUES (:id, :ws, :account, :platform, :item, :platformPost,
                (SELECT t.post_id FROM post_targets t
                 WHERE t.account_id = :account AND t.platform_post_id = :platformPost
                 ORDER BY t.created_at DESC LIMIT 1),
                (SELECT p.id FROM inbox_comments p
                 WHERE p.account_id = :account AND p.platform_item_id = :platformParent),
                :authorId, :authorName, :text, :createdAt)
            ON CONFLICT (account_id, platform_item_id) DO NOTHING
            RETURNING id, post_id
            """)
        .param("id", id)
        .param("ws", account.workspaceId())
        .param("account", account.id())
        .param("platform", account.platform())
        .param("item", comment.platformCommentId())
        .param("platformPost", comment.platformPostId())
        .param("platformParent", comment.parentId())
        .param("authorId", comment.authorId())
        .param("authorName", comment.authorName())
        .param("text", comment.text() == null ? "" : comment.text())
        .param(
            "createdAt",
            Timestamp.from(comment.createdAt() == null ? Instant.now() : comment.createdAt()))
        .query((rs, n) -> new StoredComment(rs.getString("id"), rs.getString("post_id")))
        .optional();
  }

  void markSynced(String accountId) {
    markSynced(accountId, KIND, null);
  }

  /**
   * A sync of the kind failed (its transaction rolled back): the account waits its pacing gap like
   * a synced one, its cursor kept. Otherwise a failing account would stay first in {@link
   * #dueAccounts} for ever, and as many failing accounts as a round takes would keep every other
   * account from its turn. Never fails the round.
   */
  void deferAfterFailure(String accountId, String kind) {
    try {
      markSynced(accountId, kind, null);
    } catch (RuntimeException e) {
      // the next round finds it due again; nothing else is lost
    }
  }

  /** Moves the kind's cursor ({@code null} keeps the previous one) and its sync time. */
  void markSynced(String accountId, String kind, String cursor) {
    jdbc.sql(
            """
            UPDATE inbox_cursors SET synced_at = now(), cursor = COALESCE(:cursor, cursor)
            WHERE account_id = :id AND kind = :kind
            """)
        .param("id", accountId)
        .param("kind", kind)
        .param("cursor", cursor)
        .update();
  }

  /** The mention's new id when it was not stored yet; empty when it was. */
  Optional<String> insertMentionIfNew(String id, SyncedAccount account, PlatformMention mention) {
    return jdbc.sql(
            """
            INSERT INTO inbox_mentions (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, author_id, author_name, text, url, created_at)
            VALUES (:id, :ws, :account, :platform, :item, :post, :authorId, :authorName, :text, :url,
                :createdAt)
            ON CONFLICT (account_id, platform_item_id) DO NOTHING
            RETURNING id
            """)
        .param("id", id)
        .param("ws", account.workspaceId())
        .param("account", account.id())
        .param("platform", account.platform())
        .param("item", mention.platformItemId())
        .param("post", mention.platformPostId())
        .param("authorId", mention.authorId())
        .param("authorName", mention.authorName())
        .param("text", mention.text() == null ? "" : mention.text())
        .param("url", mention.url())
        .param(
            "createdAt",
            Timestamp.from(mention.createdAt() == null ? Instant.now() : mention.createdAt()))
        .query(String.class)
        .optional();
  }

  /** True when this call moved the account from connected to expired. */
  boolean markExpired(String accountId) {
    return jdbc.sql(
                "UPDATE accounts SET status = 'expired', updated_at = now() WHERE id = :id AND status = 'connected'")
            .param("id", accountId)
            .update()
        == 1;
  }

  record StoredComment(String id, String postId) {}

  record DueAccount(String id, String platform) {}
}

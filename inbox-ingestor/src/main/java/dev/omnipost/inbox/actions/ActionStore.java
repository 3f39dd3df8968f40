package dev.omnipost.inbox.actions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of performing inbox actions: claims, outcomes, and their effects on the comment. */
@Repository
class ActionStore {

  private final JdbcClient jdbc;

  ActionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Locks a pending action for this transaction; empty when it is done or unknown. */
  Optional<Locked> lockPending(String actionId) {
    return jdbc.sql(
            "SELECT id, attempted_at FROM inbox_actions WHERE id = :id AND status = 'pending' FOR UPDATE")
        .param("id", actionId)
        .query((rs, n) -> new Locked(rs.getString("id"), rs.getTimestamp("attempted_at") != null))
        .optional();
  }

  /** Stamps the attempt marker before the platform call; answers what the call needs. */
  Optional<ClaimedAction> markAttempt(String actionId) {
    jdbc.sql(
            "UPDATE inbox_actions SET attempted_at = now(), attempts = attempts + 1 WHERE id = :id")
        .param("id", actionId)
        .update();
    return jdbc.sql(
            """
            SELECT x.id, x.workspace_id, x.action, x.item_id, x.text, a.id AS account_id, a.platform,
                   a.platform_account_id, a.handle, a.access_token_enc, a.settings::text AS settings,
                   c.platform_item_id, c.platform_post_id, c.post_id, v.participant_id,
                   v.platform_conversation_id, x.media_ids
            FROM inbox_actions x
            JOIN accounts a ON a.id = x.account_id
            LEFT JOIN inbox_comments c ON c.id = x.item_id AND x.item_kind = 'comment'
            LEFT JOIN inbox_conversations v ON v.id = x.item_id AND x.item_kind = 'conversation'
            WHERE x.id = :id AND (c.id IS NOT NULL OR v.id IS NOT NULL)
            """)
        .param("id", actionId)
        .query(
            (rs, n) ->
                new ClaimedAction(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("action"),
                    rs.getString("item_id"),
                    rs.getString("text"),
                    rs.getString("account_id"),
                    rs.getString("platform"),
                    rs.getString("platform_account_id"),
                    rs.getString("handle"),
                    rs.getBytes("access_token_enc"),
                    rs.getString("settings"),
                    rs.getString("platform_item_id"),
                    rs.getString("platform_post_id"),
                    rs.getString("post_id"),
                    rs.getString("participant_id"),
                    rs.getString("platform_conversation_id"),
                    strings(rs.getArray("media_ids"))))
        .optional()
        .or(() -> reviewTarget(actionId));
  }

  /**
   * A review action's claim: the review's platform id stands where a comment's would ({@link
   * ClaimedAction#platformCommentId()}), and it has no post.
   */
  private Optional<ClaimedAction> reviewTarget(String actionId) {
    return jdbc.sql(
            """
            SELECT x.id, x.workspace_id, x.action, x.item_id, x.text, a.id AS account_id, a.platform,
                   a.platform_account_id, a.handle, a.access_token_enc, a.settings::text AS settings,
                   r.platform_review_id
            FROM inbox_actions x
            JOIN accounts a ON a.id = x.account_id
            JOIN inbox_reviews r ON r.id = x.item_id AND x.item_kind = 'review'
            WHERE x.id = :id
            """)
        .param("id", actionId)
        .query(
            (rs, n) ->
                new ClaimedAction(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("action"),
                    rs.getString("item_id"),
                    rs.getString("text"),
                    rs.getString("account_id"),
                    rs.getString("platform"),
                    rs.getString("platform_account_id"),
                    rs.getString("handle"),
                    rs.getBytes("access_token_enc"),
                    rs.getString("settings"),
                    rs.getString("platform_review_id"),
                    null,
                    null,
                    null,
                    null,
                    java.util.List.of()))
        .optional();
  }

  /** The business's reply to a review as it now stands on the platform (null: removed). */
  void setReviewReply(String reviewId, String text, Instant at) {
    jdbc.sql("UPDATE inbox_reviews SET reply_text = :text, reply_updated_at = :at WHERE id = :id")
        .param("id", reviewId)
        .param("text", text)
        .param("at", text == null ? null : Timestamp.from(at))
        .update();
  }

  /** The platform call failed without doing anything: the next attempt may make it again. */
  void clearAttempt(String actionId) {
    jdbc.sql("UPDATE inbox_actions SET attempted_at = NULL WHERE id = :id AND status = 'pending'")
        .param("id", actionId)
        .update();
  }

  /** True when this call completed the action (guarded: once). */
  boolean complete(String actionId, String resultItemId, String platformResultId) {
    return jdbc.sql(
                """
                UPDATE inbox_actions SET status = 'completed', result_item_id = :item,
                    platform_result_id = :platformId, completed_at = now()
                WHERE id = :id AND status = 'pending'
                """)
            .param("id", actionId)
            .param("item", resultItemId)
            .param("platformId", platformResultId)
            .update()
        == 1;
  }

  /** The failed action's account, action and item when this call failed it (guarded: once). */
  Optional<FailedAction> fail(String actionId, String code, String message) {
    return jdbc.sql(
            """
            UPDATE inbox_actions SET status = 'failed', error_code = :code, error_message = :message,
                completed_at = now()
            WHERE id = :id AND status = 'pending'
            RETURNING workspace_id, account_id, platform, action, item_id
            """)
        .param("id", actionId)
        .param("code", code)
        .param("message", message)
        .query(
            (rs, n) ->
                new FailedAction(
                    rs.getString("workspace_id"),
                    rs.getString("account_id"),
                    rs.getString("platform"),
                    rs.getString("action"),
                    rs.getString("item_id")))
        .optional();
  }

  void setHidden(String commentId, boolean hidden) {
    jdbc.sql("UPDATE inbox_comments SET hidden = :hidden WHERE id = :id")
        .param("id", commentId)
        .param("hidden", hidden)
        .update();
  }

  void setLiked(String commentId, boolean liked) {
    jdbc.sql("UPDATE inbox_comments SET liked = :liked WHERE id = :id")
        .param("id", commentId)
        .param("liked", liked)
        .update();
  }

  void markDeleted(String commentId) {
    jdbc.sql("UPDATE inbox_comments SET deleted_at = now() WHERE id = :id AND deleted_at IS NULL")
        .param("id", commentId)
        .update();
  }

  /**
   * Stores the account's reply as a comment under its parent (read, written by the account); a
   * later sync that sees it finds it stored. Answers the reply's comment id.
   */
  String storeReply(String newId, ClaimedAction action, String platformReplyId, Instant at) {
    return jdbc.sql(
            """
            INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, post_id, parent_id, author_id, author_name, text, created_at, read_at,
                by_account)
            VALUES (:id, :ws, :account, :platform, :item, :platformPost, :post, :parent, :authorId,
                :authorName, :text, :at, :at, true)
            ON CONFLICT (account_id, platform_item_id) DO UPDATE SET by_account = true
            RETURNING id
            """)
        .param("id", newId)
        .param("ws", action.workspaceId())
        .param("account", action.accountId())
        .param("platform", action.platform())
        .param("item", platformReplyId)
        .param("platformPost", action.platformPostId())
        .param("post", action.postId())
        .param("parent", action.itemId())
        .param("authorId", action.platformAccountId())
        .param("authorName", action.handle())
        .param("text", action.text())
        .param("at", Timestamp.from(at))
        .query(String.class)
        .single();
  }

  /**
   * Stores the account's message in its conversation (read, written by the account) and moves the
   * conversation's last message; a later sync that sees it finds it stored. Answers its id.
   */
  String storeSentMessage(
      String newId, ClaimedAction action, String platformMessageId, Instant at) {
    String id =
        jdbc.sql(
                """
                INSERT INTO inbox_messages (id, workspace_id, account_id, conversation_id, platform,
                    platform_item_id, author_id, author_handle, author_name, text, by_account,
                    created_at, read_at)
                VALUES (:id, :ws, :account, :conversation, :platform, :item, :authorId, :handle,
                    :handle, :text, true, :at, :at)
                ON CONFLICT (account_id, platform_item_id) DO UPDATE SET by_account = true
                RETURNING id
                """)
            .param("id", newId)
            .param("ws", action.workspaceId())
            .param("account", action.accountId())
            .param("conversation", action.itemId())
            .param("platform", action.platform())
            .param("item", platformMessageId != null ? platformMessageId : newId)
            .param("authorId", action.platformAccountId())
            .param("handle", action.handle())
            .param("text", action.text() == null ? "" : action.text())
            .param("at", Timestamp.from(at))
            .query(String.class)
            .single();
    jdbc.sql(
            """
            UPDATE inbox_conversations SET last_message_at = GREATEST(last_message_at, :at),
                updated_at = now()
            WHERE id = :id
            """)
        .param("id", action.itemId())
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }

  /** True when this call moved the account from connected to expired. */
  boolean markExpired(String accountId) {
    return jdbc.sql(
                "UPDATE accounts SET status = 'expired', updated_at = now() WHERE id = :id AND status = 'connected'")
            .param("id", accountId)
            .update()
        == 1;
  }

  private static java.util.List<String> strings(java.sql.Array array) throws java.sql.SQLException {
    return array == null ? java.util.List.of() : java.util.List.of((String[]) array.getArray());
  }

  record Locked(String id, boolean attempted) {}

  record FailedAction(
      String workspaceId, String accountId, String platform, String action, String itemId) {}
}

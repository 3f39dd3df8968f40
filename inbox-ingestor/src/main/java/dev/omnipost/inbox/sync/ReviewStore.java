package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.inbox.PlatformReview;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores reviews: once per platform review (new ones answered so they are announced), with what can
 * change on the platform (text, rating, the business's reply) refreshed by each later sync.
 */
@Repository
class ReviewStore {

  /** The {@code inbox_cursors} kind of review syncs. */
  static final String REVIEWS = "reviews";

  private final JdbcClient jdbc;

  ReviewStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The review's new id when it was not stored yet; empty when it was (and is now refreshed). */
  Optional<String> upsert(String id, SyncedAccount account, PlatformReview review) {
    Instant created = review.createdAt() == null ? Instant.now() : review.createdAt();
    Instant updated = review.updatedAt() == null ? created : review.updatedAt();
    return jdbc.sql(
            """
            INSERT INTO inbox_reviews (id, workspace_id, account_id, platform, platform_review_id,
                author_name, rating, text, reply_text, reply_updated_at, created_at, updated_at)
            VALUES (:id, :ws, :account, :platform, :item, :author, :rating, :text, :reply,
                :replyAt, :createdAt, :updatedAt)
            ON CONFLICT (account_id, platform_review_id) DO UPDATE SET
                author_name = EXCLUDED.author_name, rating = EXCLUDED.rating, text = EXCLUDED.text,
                reply_text = EXCLUDED.reply_text, reply_updated_at = EXCLUDED.reply_updated_at,
                updated_at = EXCLUDED.updated_at
            RETURNING id, (xmax = 0) AS inserted
            """)
        .param("id", id)
        .param("ws", account.workspaceId())
        .param("account", account.id())
        .param("platform", account.platform())
        .param("item", review.platformReviewId())
        .param("author", review.authorName())
        .param("rating", review.rating())
        .param("text", review.text() == null ? "" : review.text())
        .param("reply", review.reply())
        .param(
            "replyAt",
            review.replyUpdatedAt() == null ? null : Timestamp.from(review.replyUpdatedAt()))
        .param("createdAt", Timestamp.from(created))
        .param("updatedAt", Timestamp.from(updated))
        .query((rs, n) -> rs.getBoolean("inserted") ? rs.getString("id") : null)
        .optional();
  }
}

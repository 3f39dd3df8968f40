package dev.omnipost.gateway.posts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The delete columns of a post's targets, read and written by the unpublish route inside the
 * transaction that {@link PostLifecycleRepository#lock locked} the post.
 */
@Component
class UnpublishRepository {

  /** One target's platform and where its delete stands. */
  record DeleteState(
      String id, String platform, boolean requested, String errorCode, String errorMessage) {

    /** Requested, not failed: the worker will delete it (or is retrying). */
    boolean pending() {
      return requested && errorCode == null;
    }
  }

  private final DatabaseClient db;

  UnpublishRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<List<DeleteState>> states(String postId) {
    return db.sql(
            "SELECT id, platform, delete_requested_at IS NOT NULL AS requested,"
                + " delete_error_code, delete_error_message FROM post_targets"
                + " WHERE post_id = :post")
        .bind("post", postId)
        .map(
            row ->
                new DeleteState(
                    row.get("id", String.class),
                    row.get("platform", String.class),
                    Boolean.TRUE.equals(row.get("requested", Boolean.class)),
                    row.get("delete_error_code", String.class),
                    row.get("delete_error_message", String.class)))
        .all()
        .collectList();
  }

  /**
   * Marks published targets for deletion from a clean slate (a failed earlier delete starts over);
   * guarded by {@code status = 'published'} so a target deleted meanwhile is left alone.
   */
  Mono<Long> request(String postId, List<String> targetIds, Instant now) {
    if (targetIds.isEmpty()) {
      return Mono.just(0L);
    }
    return db.sql(
            "UPDATE post_targets SET delete_requested_at = :now, delete_next_at = NULL,"
                + " delete_attempts = 0, delete_error_code = NULL, delete_error_message = NULL,"
                + " updated_at = :now"
                + " WHERE post_id = :post AND id = ANY(:ids) AND status = 'published'")
        .bind("post", postId)
        .bind("ids", targetIds.toArray(String[]::new))
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .fetch()
        .rowsUpdated();
  }
}

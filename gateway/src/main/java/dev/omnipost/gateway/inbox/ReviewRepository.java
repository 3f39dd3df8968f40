package dev.omnipost.gateway.inbox;

import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads {@code inbox_reviews} within the caller's workspace and, for a brand-restricted key, its
 * brands' accounts: another workspace's review is simply not found.
 */
@Repository
class ReviewRepository {

  private final DatabaseClient db;

  ReviewRepository(DatabaseClient db) {
    this.db = db;
  }

  /** What {@code GET /v1/inbox/reviews} may filter on; null fields do not filter. */
  record Filter(String accountId, Integer rating, Instant since, Boolean replied) {}

  /**
   * Newest first, keyset-paged; {@code limit} rows at most (ask one more to know of a next page).
   */
  Mono<List<ReviewView>> list(Caller caller, Filter filter, Cursor after, int limit) {
    SqlQuery query = visible(caller);
    if (filter.accountId() != null) {
      query.and("r.account_id = :account", "account", filter.accountId());
    }
    if (filter.rating() != null) {
      query.and("r.rating = :rating", "rating", filter.rating());
    }
    if (filter.since() != null) {
      query.and("r.created_at >= :since", "since", filter.since().atOffset(ZoneOffset.UTC));
    }
    if (filter.replied() != null) {
      query.append(filter.replied() ? "AND r.reply_text IS NOT NULL" : "AND r.reply_text IS NULL");
    }
    if (after != null) {
      query
          .and(
              "(r.created_at, r.id) < (:afterTime, :afterId)",
              "afterTime",
              after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY r.created_at DESC, r.id DESC LIMIT :limit").bind("limit", limit);
    return query.on(db).map(ReviewView::fromRow).all().collectList();
  }

  Mono<ReviewView> find(Caller caller, String id) {
    return visible(caller).and("r.id = :id", "id", id).on(db).map(ReviewView::fromRow).one();
  }

  /** The review an action targets, with its account's status; empty: not the caller's. */
  Mono<Target> target(Caller caller, String id) {
    SqlQuery query =
        new SqlQuery(
                "SELECT r.id, r.account_id, r.platform, a.status AS account_status FROM inbox_reviews r"
                    + " JOIN accounts a ON a.id = r.account_id WHERE r.workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("r.id = :id", "id", id);
    if (caller.isBrandRestricted()) {
      query.and("a.brand_id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    return query
        .on(db)
        .map(
            row ->
                new Target(
                    row.get("id", String.class),
                    row.get("account_id", String.class),
                    row.get("platform", String.class),
                    row.get("account_status", String.class)))
        .one();
  }

  private static SqlQuery visible(Caller caller) {
    SqlQuery query =
        new SqlQuery(
                "SELECT " + ReviewView.COLUMNS + " FROM inbox_reviews r WHERE r.workspace_id = :ws")
            .bind("ws", caller.workspaceId());
    if (caller.isBrandRestricted()) {
      query.and(
          "r.account_id IN (SELECT a.id FROM accounts a WHERE a.workspace_id = :ws"
              + " AND a.brand_id = ANY(:brands))",
          "brands",
          caller.brandIdArray());
    }
    return query;
  }

  /** What the checks before a review action need. */
  record Target(String id, String accountId, String platform, String accountStatus) {}
}

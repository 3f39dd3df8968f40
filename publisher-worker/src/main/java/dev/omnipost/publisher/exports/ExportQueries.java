package dev.omnipost.publisher.exports;

/**
 * The SELECT behind each export type, filtered by the export's workspace, period, optional account
 * and the requesting key's brands ({@code :brands}, empty for every brand), in a stable order.
 */
final class ExportQueries {

  private static final String SCOPE =
      " AND (CAST(:account AS text) IS NULL OR a.id = :account)"
          + " AND (cardinality(CAST(:brands AS text[])) = 0 OR a.brand_id = ANY(:brands))";

  private static final String COUNTER = "CAST(m.counters->>'%1$s' AS bigint) AS %1$s";

  private ExportQueries() {}

  static String sql(String type) {
    return switch (type) {
      case "posts" ->
          "SELECT t.post_id, t.id AS target_id, t.account_id, a.handle, t.platform, t.status,"
              + " t.text, p.created_at, t.published_at, t.permalink, t.platform_post_id, "
              + String.join(
                  ", ",
                  counter("likes"),
                  counter("comments"),
                  counter("shares"),
                  counter("impressions"),
                  counter("views"))
              + ", m.fetched_at AS metrics_fetched_at"
              + " FROM post_targets t JOIN posts p ON p.id = t.post_id"
              + " JOIN accounts a ON a.id = t.account_id"
              + " LEFT JOIN post_target_metrics m ON m.target_id = t.id"
              + " WHERE t.workspace_id = :ws AND p.created_at >= :from AND p.created_at <= :to"
              + SCOPE
              + " ORDER BY p.created_at, t.id";
      case "analytics" ->
          "SELECT CAST(t.published_at AT TIME ZONE 'UTC' AS date) AS date, t.platform,"
              + " count(DISTINCT t.post_id) AS posts_published, count(*) AS copies_published,"
              + " "
              + sum("likes")
              + ", "
              + sum("comments")
              + ", "
              + sum("shares")
              + ", "
              + sum("impressions")
              + ", "
              + sum("views")
              + " FROM post_targets t JOIN accounts a ON a.id = t.account_id"
              + " LEFT JOIN post_target_metrics m ON m.target_id = t.id"
              + " WHERE t.workspace_id = :ws AND t.status IN ('published', 'deleted')"
              + " AND t.published_at >= :from AND t.published_at <= :to"
              + SCOPE
              + " GROUP BY 1, 2 ORDER BY 1, 2";
      case "inbox" ->
          "SELECT c.id AS comment_id, c.account_id, a.handle, c.platform, c.post_id,"
              + " c.platform_post_id, c.parent_id, c.author_name, c.text, c.hidden, c.created_at"
              + " FROM inbox_comments c JOIN accounts a ON a.id = c.account_id"
              + " WHERE c.workspace_id = :ws AND c.created_at >= :from AND c.created_at <= :to"
              + SCOPE
              + " ORDER BY c.created_at, c.id";
      default -> throw new IllegalArgumentException("unknown export type " + type);
    };
  }

  private static String counter(String name) {
    return String.format(COUNTER, name);
  }

  private static String sum(String name) {
    return "CAST(COALESCE(sum(CAST(m.counters->>'"
        + name
        + "' AS bigint)), 0) AS bigint) AS "
        + name;
  }
}

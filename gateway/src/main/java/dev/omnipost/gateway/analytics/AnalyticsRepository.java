package dev.omnipost.gateway.analytics;

import dev.omnipost.gateway.analytics.AnalyticsView.DayTotals;
import dev.omnipost.gateway.analytics.AnalyticsView.PlatformTotals;
import dev.omnipost.gateway.analytics.AnalyticsView.Totals;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.web.Caller;
import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one aggregate query behind {@code GET /v1/analytics}: the workspace's copies published in the
 * period (status {@code published}, or {@code deleted} since), joined to their cached counters, and
 * grouped by {@code GROUPING SETS ((), (platform), (day))} so totals, platforms and days come back
 * in one round trip.
 */
@Component
class AnalyticsRepository {

  /** Filters already checked against the caller's workspace and brands. */
  record Filter(String platform, String accountId, String brandId) {}

  private static final String COUNTERS =
      """
      count(DISTINCT t.post_id) AS posts, count(*) AS copies, count(m.target_id) AS measured,
      CAST(COALESCE(sum((m.counters->>'likes')::bigint), 0) AS bigint) AS likes,
      CAST(COALESCE(sum((m.counters->>'comments')::bigint), 0) AS bigint) AS comments,
      CAST(COALESCE(sum((m.counters->>'shares')::bigint), 0) AS bigint) AS shares,
      CAST(COALESCE(sum((m.counters->>'impressions')::bigint), 0) AS bigint) AS impressions,
      CAST(COALESCE(sum((m.counters->>'views')::bigint), 0) AS bigint) AS views
      """;

  private final DatabaseClient db;

  AnalyticsRepository(DatabaseClient db) {
    this.db = db;
  }

  record Result(Totals totals, List<PlatformTotals> byPlatform, List<DayTotals> byDay) {}

  Mono<Result> aggregate(Caller caller, AnalyticsPeriod period, Filter filter) {
    SqlQuery query =
        new SqlQuery(
                "SELECT GROUPING(t.platform) AS by_all_platforms, GROUPING(d.day) AS by_all_days,"
                    + " t.platform, d.day, "
                    + COUNTERS
                    + " FROM post_targets t JOIN accounts a ON a.id = t.account_id"
                    + " LEFT JOIN post_target_metrics m ON m.target_id = t.id"
                    + " CROSS JOIN LATERAL (SELECT CAST(t.published_at AT TIME ZONE 'UTC' AS date)"
                    + " AS day) d"
                    + " WHERE t.workspace_id = :ws AND t.published_at IS NOT NULL"
                    + " AND t.status IN ('published', 'deleted')")
            .bind("ws", caller.workspaceId())
            .and("t.published_at >= :from", "from", period.from().atOffset(ZoneOffset.UTC))
            .and("t.published_at <= :to", "to", period.to().atOffset(ZoneOffset.UTC));
    if (filter.platform() != null) {
      query.and("t.platform = :platform", "platform", filter.platform());
    }
    if (filter.accountId() != null) {
      query.and("t.account_id = :account", "account", filter.accountId());
    }
    if (filter.brandId() != null) {
      query.and("a.brand_id = :brand", "brand", filter.brandId());
    }
    if (caller.isBrandRestricted()) {
      query.and("a.brand_id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    query.append("GROUP BY GROUPING SETS ((), (t.platform), (d.day))");
    return query
        .on(db)
        .map(
            row ->
                new Grouped(
                    row.get("by_all_platforms", Integer.class) == 0
                        ? row.get("platform", String.class)
                        : null,
                    row.get("by_all_days", Integer.class) == 0
                        ? row.get("day", LocalDate.class)
                        : null,
                    totals(row)))
        .all()
        .collectList()
        .map(rows -> result(period, rows));
  }

  private record Grouped(String platform, LocalDate day, Totals totals) {}

  private static Result result(AnalyticsPeriod period, List<Grouped> rows) {
    Totals totals = Totals.ZERO;
    Map<String, Totals> platforms = new TreeMap<>();
    Map<LocalDate, Totals> days = new TreeMap<>();
    for (Grouped row : rows) {
      if (row.platform() != null) {
        platforms.put(row.platform(), row.totals());
      } else if (row.day() != null) {
        days.put(row.day(), row.totals());
      } else {
        totals = row.totals();
      }
    }
    List<PlatformTotals> byPlatform = new ArrayList<>();
    platforms.forEach((platform, t) -> byPlatform.add(new PlatformTotals(platform, t)));
    List<DayTotals> byDay = new ArrayList<>();
    for (int i = 0; i < period.days(); i++) {
      LocalDate day = period.firstDay().plusDays(i);
      byDay.add(new DayTotals(day, days.getOrDefault(day, Totals.ZERO)));
    }
    return new Result(totals, byPlatform, byDay);
  }

  private static Totals totals(Readable row) {
    long likes = number(row, "likes");
    long comments = number(row, "comments");
    long shares = number(row, "shares");
    return new Totals(
        number(row, "posts"),
        number(row, "copies"),
        number(row, "measured"),
        likes,
        comments,
        shares,
        number(row, "impressions"),
        number(row, "views"),
        likes + comments + shares);
  }

  private static long number(Readable row, String column) {
    Long value = row.get(column, Long.class);
    return value == null ? 0 : value;
  }
}

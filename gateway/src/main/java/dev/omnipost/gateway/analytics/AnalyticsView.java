package dev.omnipost.gateway.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /v1/analytics}: what was published in the period and the engagement its
 * copies had, as last cached in {@code post_target_metrics}, in total, per platform and per UTC day
 * (every day of the period, zeros included).
 */
record AnalyticsView(
    String period,
    Instant from,
    Instant to,
    Filters filters,
    Totals totals,
    List<PlatformTotals> byPlatform,
    List<DayTotals> byDay) {

  record Filters(String platform, String accountId, String brandId) {}

  /**
   * @param postsPublished distinct posts with at least one copy published in the period
   * @param copiesPublished published copies (one per account a post went to)
   * @param copiesWithMetrics copies whose counters have been read at least once
   * @param engagements likes + comments + shares
   */
  record Totals(
      long postsPublished,
      long copiesPublished,
      long copiesWithMetrics,
      long likes,
      long comments,
      long shares,
      long impressions,
      long views,
      long engagements) {

    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  record PlatformTotals(String platform, Totals totals) {}

  record DayTotals(LocalDate date, Totals totals) {}
}

package dev.omnipost.gateway.posts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/posts/{id}/metrics}: per target, the counters its platform reports
 * (only those it has: e.g. Mastodon {@code likes}, {@code shares}, {@code comments}; Instagram also
 * {@code impressions}), when they were read, and why they are missing or old ({@code error}).
 */
record PostMetricsView(String postId, List<TargetMetrics> targets) {

  record TargetMetrics(
      String id,
      String accountId,
      String platform,
      String status,
      Map<String, Long> counters,
      Instant fetchedAt,
      Map<String, String> error) {}
}

package dev.omnipost.gateway.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/accounts/{id}/analytics}: the account's insight snapshots in the
 * period, oldest first, the latest one, and how its followers changed over the period.
 */
record AccountAnalyticsView(
    String accountId,
    String platform,
    String period,
    Instant from,
    Instant to,
    Snapshot latest,
    Long followersChange,
    List<Snapshot> snapshots) {

  record Snapshot(Instant capturedAt, Long followers, Long reach, Map<String, Long> counters) {}
}

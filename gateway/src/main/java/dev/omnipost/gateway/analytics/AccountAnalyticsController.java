package dev.omnipost.gateway.analytics;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.gateway.analytics.AccountAnalyticsView.Snapshot;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * {@code GET /v1/accounts/{id}/analytics}: followers and reach over time, from the snapshots the
 * publisher-worker's refresher takes ({@code account_insight_snapshots}); 501 for a platform whose
 * API reports no account insights.
 */
@RestController
class AccountAnalyticsController {

  private static final TypeReference<Map<String, Long>> COUNTERS = new TypeReference<>() {};

  /** A year of hourly snapshots, at most. */
  private static final int MAX_SNAPSHOTS = 10_000;

  private final AnalyticsFilters filters;
  private final PlatformConnectors connectors;
  private final DatabaseClient db;
  private final Clock clock = Clock.systemUTC();

  AccountAnalyticsController(
      AnalyticsFilters filters, PlatformConnectors connectors, DatabaseClient db) {
    this.filters = filters;
    this.connectors = connectors;
    this.db = db;
  }

  @GetMapping("/v1/accounts/{id}/analytics")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<Envelope<AccountAnalyticsView>> analytics(
      Caller caller, @PathVariable String id, @RequestParam(required = false) String period) {
    AnalyticsPeriod parsed = AnalyticsPeriod.parse(period, clock.instant());
    return filters
        .account(caller, id)
        .flatMap(
            account -> {
              boolean supported =
                  Platform.fromId(account.platform())
                      .flatMap(connectors::forPlatform)
                      .map(PlatformConnector::supportsAccountInsights)
                      .orElse(false);
              if (!supported) {
                return Mono.error(
                    new ApiException(
                        HttpStatus.NOT_IMPLEMENTED,
                        "platform.unsupported_operation",
                        account.platform() + " does not report account insights",
                        Map.of("platform", account.platform(), "operation", "account_insights")));
              }
              return snapshots(caller, id, parsed)
                  .map(
                      snapshots ->
                          Envelope.of(
                              new AccountAnalyticsView(
                                  id,
                                  account.platform(),
                                  parsed.name(),
                                  parsed.from(),
                                  parsed.to(),
                                  snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1),
                                  change(snapshots),
                                  snapshots)));
            });
  }

  private Mono<List<Snapshot>> snapshots(Caller caller, String id, AnalyticsPeriod period) {
    return db.sql(
            "SELECT captured_at, followers, reach, CAST(counters AS text) AS counters"
                + " FROM account_insight_snapshots WHERE workspace_id = :ws AND account_id = :id"
                + " AND captured_at >= :from ORDER BY captured_at LIMIT :max")
        .bind("ws", caller.workspaceId())
        .bind("id", id)
        .bind("from", period.from().atOffset(ZoneOffset.UTC))
        .bind("max", MAX_SNAPSHOTS)
        .map(
            row ->
                new Snapshot(
                    row.get("captured_at", OffsetDateTime.class).toInstant(),
                    row.get("followers", Long.class),
                    row.get("reach", Long.class),
                    CloudEventCodec.dataMapper()
                        .readValue(row.get("counters", String.class), COUNTERS)))
        .all()
        .collectList();
  }

  private static Long change(List<Snapshot> snapshots) {
    if (snapshots.size() < 2
        || snapshots.get(0).followers() == null
        || snapshots.get(snapshots.size() - 1).followers() == null) {
      return null;
    }
    return snapshots.get(snapshots.size() - 1).followers() - snapshots.get(0).followers();
  }
}

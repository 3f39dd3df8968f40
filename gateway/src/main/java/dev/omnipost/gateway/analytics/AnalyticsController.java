package dev.omnipost.gateway.analytics;

import dev.omnipost.gateway.analytics.AnalyticsView.Filters;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/analytics}: posts published and their engagement in a period, from the counters
 * the publisher-worker's metrics refresher (and {@code GET /v1/posts/{id}/metrics}) cached; no
 * platform is called.
 */
@RestController
class AnalyticsController {

  private final AnalyticsFilters filters;
  private final AnalyticsRepository repository;
  private final Clock clock = Clock.systemUTC();

  AnalyticsController(AnalyticsFilters filters, AnalyticsRepository repository) {
    this.filters = filters;
    this.repository = repository;
  }

  @GetMapping("/v1/analytics")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<Envelope<AnalyticsView>> analytics(
      Caller caller,
      @RequestParam(required = false) String period,
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(name = "brand_id", required = false) String brandId) {
    AnalyticsPeriod parsed = AnalyticsPeriod.parse(period, clock.instant());
    String platformId = AnalyticsFilters.platform(platform);
    Mono<String> account =
        accountId == null
            ? Mono.just("")
            : filters.account(caller, accountId).map(AnalyticsFilters.AccountRef::id);
    Mono<String> brand = brandId == null ? Mono.just("") : filters.brand(caller, brandId);
    return Mono.zip(account, brand)
        .flatMap(
            ids -> {
              AnalyticsRepository.Filter filter =
                  new AnalyticsRepository.Filter(platformId, accountId, brandId);
              return repository
                  .aggregate(caller, parsed, filter)
                  .map(
                      result ->
                          Envelope.of(
                              new AnalyticsView(
                                  parsed.name(),
                                  parsed.from(),
                                  parsed.to(),
                                  new Filters(platformId, accountId, brandId),
                                  result.totals(),
                                  result.byPlatform(),
                                  result.byDay())));
            });
  }
}

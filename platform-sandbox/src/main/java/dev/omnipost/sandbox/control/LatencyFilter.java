package dev.omnipost.sandbox.control;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Delays every platform API call by its platform's {@link SandboxLatency} without holding a thread
 * (a timer, not a sleep), so a benchmark can keep thousands of slow calls in flight.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LatencyFilter implements WebFilter {

  /** Where each simulated platform's API lives, by path prefix: its platform id. */
  private static final Map<String, String> API_PATHS =
      Map.ofEntries(
          Map.entry("/mastodon/api/", "mastodon"),
          Map.entry("/instagram/v", "instagram"),
          Map.entry("/x/2/", "twitter"),
          Map.entry("/linkedin/rest/", "linkedin"),
          Map.entry("/pinterest/v5/", "pinterest"),
          Map.entry("/bluesky/xrpc/", "bluesky"),
          Map.entry("/threads/v", "threads"),
          Map.entry("/facebook/v", "facebook"),
          Map.entry("/tiktok/v2/", "tiktok"),
          Map.entry("/youtube/", "youtube"),
          Map.entry("/google-business/v4/", "google_business"));

  private final SandboxLatency latency;

  LatencyFilter(SandboxLatency latency) {
    this.latency = latency;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    String platform =
        API_PATHS.entrySet().stream()
            .filter(prefix -> path.startsWith(prefix.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    if (platform == null) {
      return chain.filter(exchange);
    }
    var delay = latency.next(platform);
    return delay.isZero()
        ? chain.filter(exchange)
        : Mono.delay(delay).then(Mono.defer(() -> chain.filter(exchange)));
  }
}

package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.RateWindows;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every XRPC call to the simulated PDS goes through: the session's access JWT ({@code 401
 * InvalidToken} when unknown, {@code 400 ExpiredToken} once expired; {@code refreshSession} takes
 * the refresh JWT instead; {@code createSession} takes none), the account's hourly write points
 * ({@code ratelimit-limit/-remaining/-reset/-policy} on writes; create 3, delete 1; 429 {@code
 * RateLimitExceeded} beyond) and failures injected through the control API.
 */
@Component
class BlueskyApiFilter implements WebFilter {

  static final String XRPC = "/bluesky/xrpc/";
  static final String SESSION_ATTRIBUTE = BlueskyStore.Session.class.getName();
  private static final Map<String, Integer> WRITE_POINTS =
      Map.of(
          "com.atproto.repo.createRecord", 3,
          "com.atproto.repo.putRecord", 2,
          "com.atproto.repo.deleteRecord", 1);

  private final BlueskyStore store;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final BlueskySettings settings;
  private final Clock clock;

  BlueskyApiFilter(
      BlueskyStore store,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      BlueskySettings settings,
      Clock clock) {
    this.store = store;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (!path.startsWith(XRPC)) {
      return chain.filter(exchange);
    }
    String method = path.substring(XRPC.length());
    if (method.equals("com.atproto.server.createSession")) {
      return chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    if (method.equals("com.atproto.server.refreshSession")) {
      exchange.getAttributes().put(SESSION_ATTRIBUTE, token == null ? "" : token);
      return chain.filter(exchange);
    }
    Optional<BlueskyStore.Session> session = store.byAccessToken(token);
    if (session.isEmpty()) {
      return fail(exchange, BlueskyErrors.invalidToken());
    }
    if (store.isExpired(session.get())) {
      return fail(exchange, BlueskyErrors.expiredToken());
    }
    SandboxAccount account = session.get().account();
    Integer points = WRITE_POINTS.get(method);
    if (points != null) {
      RateWindows.Usage usage = null;
      for (int i = 0; i < points; i++) {
        usage =
            windows.hit(
                "bluesky/" + account.accountId() + "/writes",
                settings.pointsPerHour(),
                Duration.ofHours(1));
      }
      setLimitHeaders(exchange.getResponse().getHeaders(), usage);
      if (usage.exceeded()) {
        stats.rateLimited(BlueskyStore.PLATFORM);
        return fail(exchange, BlueskyErrors.rateLimited());
      }
    }
    Optional<InjectedFailure> failure =
        failures.next(BlueskyStore.PLATFORM, account.accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      return injected(exchange, failure.get());
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account);
    return chain.filter(exchange);
  }

  private Mono<Void> injected(ServerWebExchange exchange, InjectedFailure failure) {
    if (failure.status() == 429) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("ratelimit-limit", String.valueOf(settings.pointsPerHour()));
      headers.set("ratelimit-remaining", "0");
      headers.set(
          "ratelimit-reset",
          String.valueOf(clock.instant().plus(settings.rateLimitedRetryAfter()).getEpochSecond()));
      headers.set("ratelimit-policy", settings.pointsPerHour() + ";w=3600");
    }
    String body =
        failure.body() != null ? failure.body() : BlueskyErrors.defaultBody(failure.status());
    return SandboxResponses.json(exchange, failure.status(), body);
  }

  private void setLimitHeaders(HttpHeaders headers, RateWindows.Usage usage) {
    headers.set("ratelimit-limit", String.valueOf(usage.limit()));
    headers.set("ratelimit-remaining", String.valueOf(usage.remaining()));
    headers.set("ratelimit-reset", String.valueOf(usage.resetsAt().getEpochSecond()));
    headers.set("ratelimit-policy", usage.limit() + ";w=3600");
  }

  private static Mono<Void> fail(ServerWebExchange exchange, BlueskyErrors error) {
    return SandboxResponses.json(exchange, error.status(), error.body());
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

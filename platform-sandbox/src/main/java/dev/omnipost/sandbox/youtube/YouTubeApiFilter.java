package dev.omnipost.sandbox.youtube;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.RateWindows;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.control.SandboxStats;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every YouTube call goes through: the bearer token (401 {@code authError}), the channel's
 * daily quota in units (403 {@code quotaExceeded} until midnight Pacific; upload {@code
 * uploadCost}, delete 50, search 100, other reads 1), a per-minute request limit (403 {@code
 * rateLimitExceeded}) and failures injected through the control API. A {@code PUT} to an upload
 * session is authorised by its {@code upload_id} and costs nothing.
 */
@Component
class YouTubeApiFilter implements WebFilter {

  static final String PREFIX = "/youtube/";

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final YouTubeSettings settings;
  private final YouTubeStore store;

  YouTubeApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      YouTubeSettings settings,
      YouTubeStore store) {
    this.accounts = accounts;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.settings = settings;
    this.store = store;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (!path.startsWith(PREFIX)) {
      return chain.filter(exchange);
    }
    HttpMethod method = exchange.getRequest().getMethod();
    String uploadId = exchange.getRequest().getQueryParams().getFirst("upload_id");
    if (method == HttpMethod.PUT && uploadId != null) {
      Optional<String> owner = store.session(uploadId).map(s -> s.accountId);
      Optional<InjectedFailure> failure =
          owner.flatMap(id -> failures.next(YouTubeStore.PLATFORM, id, exchange.getRequest()));
      return failure.isPresent() ? fail(exchange, failure.get()) : chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    Optional<SandboxAccount> account = accounts.findByToken(YouTubeStore.PLATFORM, token);
    if (account.isEmpty()) {
      return SandboxResponses.json(exchange, 401, YouTubeErrors.unauthenticated().body());
    }
    String channel = account.get().accountId();
    if (windows
        .hit("youtube/" + channel, settings.requestsPerMinute(), Duration.ofMinutes(1))
        .exceeded()) {
      stats.rateLimited(YouTubeStore.PLATFORM);
      return SandboxResponses.json(exchange, 403, YouTubeErrors.rateLimitExceeded().body());
    }
    if (!store.charge(channel, cost(method, path))) {
      stats.rateLimited(YouTubeStore.PLATFORM);
      return SandboxResponses.json(exchange, 403, YouTubeErrors.quotaExceeded().body());
    }
    Optional<InjectedFailure> failure =
        failures.next(YouTubeStore.PLATFORM, channel, exchange.getRequest());
    if (failure.isPresent()) {
      return fail(exchange, failure.get());
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private int cost(HttpMethod method, String path) {
    if (path.contains("/upload/")) {
      return settings.uploadCost();
    }
    if (method == HttpMethod.DELETE || method == HttpMethod.POST || method == HttpMethod.PUT) {
      return 50;
    }
    if (path.endsWith("/search")) {
      return 100;
    }
    return 1;
  }

  private static Mono<Void> fail(ServerWebExchange exchange, InjectedFailure failure) {
    String body =
        failure.body() != null ? failure.body() : YouTubeErrors.defaultBody(failure.status());
    return SandboxResponses.json(exchange, failure.status(), body);
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxProperties;
import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.control.SandboxStats;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every Mastodon API call goes through before its endpoint: the bearer token (401 when
 * unknown), the rate limit (headers on every answer, 429 when exceeded) and failures injected
 * through the control API.
 */
@Component
class MastodonApiFilter implements WebFilter {

  static final String PLATFORM = "mastodon";

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final MastodonRateLimiter rateLimiter;
  private final SandboxProperties.Mastodon settings;
  private final Clock clock;
  private final SandboxStats stats;

  MastodonApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      MastodonRateLimiter rateLimiter,
      SandboxProperties properties,
      Clock clock,
      SandboxStats stats) {
    this.stats = stats;
    this.accounts = accounts;
    this.failures = failures;
    this.rateLimiter = rateLimiter;
    this.settings = properties.mastodon();
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().value().startsWith("/mastodon/api/")) {
      return chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    Optional<SandboxAccount> account = accounts.findByToken(PLATFORM, token);
    if (account.isEmpty()) {
      return SandboxResponses.json(
          exchange, 401, MastodonErrors.body("The access token is invalid"));
    }
    MastodonRateLimiter.Usage usage = rateLimiter.hit(token);
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-RateLimit-Limit", String.valueOf(usage.limit()));
    headers.set("X-RateLimit-Remaining", String.valueOf(usage.remaining()));
    headers.set("X-RateLimit-Reset", usage.resetHeader());
    if (usage.exceeded()) {
      stats.rateLimited(PLATFORM);
      return SandboxResponses.json(exchange, 429, MastodonErrors.body("Too many requests"));
    }
    Optional<InjectedFailure> failure =
        failures.next(PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      return fail(exchange, failure.get());
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private Mono<Void> fail(ServerWebExchange exchange, InjectedFailure failure) {
    if (failure.status() == 429) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("X-RateLimit-Remaining", "0");
      headers.set(
          "X-RateLimit-Reset",
          MastodonRateLimiter.RESET_FORMAT.format(
              clock.instant().plus(settings.rateLimitedRetryAfter())));
    }
    String body =
        failure.body() != null ? failure.body() : MastodonErrors.defaultBody(failure.status());
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

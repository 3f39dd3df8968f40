package dev.omnipost.sandbox.pinterest;

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
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every Pinterest v5 call goes through: the bearer token (401 code 2), the per-user limit of
 * {@code requests-per-second} (429 code 8; Pinterest sends no rate headers) and failures injected
 * through the control API.
 */
@Component
class PinterestApiFilter implements WebFilter {

  private static final String API = "/pinterest/v5/";

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final PinterestSettings settings;

  PinterestApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      PinterestSettings settings) {
    this.accounts = accounts;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.settings = settings;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().value().startsWith(API)) {
      return chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    Optional<SandboxAccount> account = accounts.findByToken(PinterestStore.PLATFORM, token);
    if (account.isEmpty()) {
      return SandboxResponses.json(exchange, 401, PinterestErrors.authenticationFailed().body());
    }
    RateWindows.Usage usage =
        windows.hit("pinterest/" + token, settings.requestsPerSecond(), Duration.ofSeconds(1));
    if (usage.exceeded()) {
      stats.rateLimited(PinterestStore.PLATFORM);
      return SandboxResponses.json(exchange, 429, PinterestErrors.rateLimited().body());
    }
    Optional<InjectedFailure> failure =
        failures.next(PinterestStore.PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      String body =
          failure.get().body() != null
              ? failure.get().body()
              : PinterestErrors.defaultBody(failure.get().status());
      return SandboxResponses.json(exchange, failure.get().status(), body);
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

package dev.omnipost.sandbox.googlebusiness;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.RateWindows;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.control.SandboxStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every Business Profile call goes through: the bearer token (401 {@code UNAUTHENTICATED}),
 * the account in the path being the token's (403 {@code PERMISSION_DENIED}), 300 requests per
 * minute per account and 10 edits per minute per location (429 {@code RESOURCE_EXHAUSTED} with a
 * {@code RetryInfo}) and failures injected through the control API.
 */
@Component
class GoogleBusinessApiFilter implements WebFilter {

  static final String API = "/google-business/v4/";
  private static final Pattern LOCATION =
      Pattern.compile("/google-business/v4/(accounts/([^/]+)/locations/[^/]+)(/.*)?");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final GoogleBusinessSettings settings;
  private final Clock clock;

  GoogleBusinessApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      GoogleBusinessSettings settings,
      Clock clock) {
    this.accounts = accounts;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (!path.startsWith(API)) {
      return chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    Optional<SandboxAccount> account = accounts.findByToken(GoogleBusinessStore.PLATFORM, token);
    if (account.isEmpty()) {
      return SandboxResponses.json(exchange, 401, GoogleBusinessErrors.unauthenticated().body());
    }
    Matcher location = LOCATION.matcher(path);
    if (!location.matches() || !location.group(2).equals(account.get().accountId())) {
      return SandboxResponses.json(exchange, 403, GoogleBusinessErrors.permissionDenied().body());
    }
    RateWindows.Usage requests =
        windows.hit("gbp/" + account.get().accountId(), settings.requestsPerMinute(), MINUTE);
    if (requests.exceeded()) {
      return exhausted(exchange, "DefaultRequestsPerMinutePerProject", requests);
    }
    HttpMethod method = exchange.getRequest().getMethod();
    if (method == HttpMethod.POST
        || method == HttpMethod.PUT
        || method == HttpMethod.DELETE
        || method == HttpMethod.PATCH) {
      RateWindows.Usage edits =
          windows.hit("gbp-edits/" + location.group(1), settings.editsPerMinute(), MINUTE);
      if (edits.exceeded()) {
        return exhausted(exchange, "EditsPerMinutePerProfile", edits);
      }
    }
    Optional<InjectedFailure> failure =
        failures.next(
            GoogleBusinessStore.PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      String body =
          failure.get().body() != null
              ? failure.get().body()
              : GoogleBusinessErrors.defaultBody(failure.get().status());
      return SandboxResponses.json(exchange, failure.get().status(), body);
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private Mono<Void> exhausted(ServerWebExchange exchange, String limit, RateWindows.Usage usage) {
    stats.rateLimited(GoogleBusinessStore.PLATFORM);
    long seconds = Math.max(1, Duration.between(clock.instant(), usage.resetsAt()).toSeconds());
    return SandboxResponses.json(
        exchange, 429, GoogleBusinessErrors.exhausted(limit, seconds).body());
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

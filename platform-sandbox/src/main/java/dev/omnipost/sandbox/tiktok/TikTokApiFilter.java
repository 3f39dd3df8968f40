package dev.omnipost.sandbox.tiktok;

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
 * What every TikTok v2 call goes through: the user's bearer token (401 {@code
 * access_token_invalid}), the per-token one-minute windows TikTok documents per endpoint (init 6,
 * status fetch 30, creator info 20; 429 {@code rate_limit_exceeded}, no rate headers) and failures
 * injected through the control API. The upload URL ({@code /tiktok/upload/...}) carries no token.
 */
@Component
class TikTokApiFilter implements WebFilter {

  static final String API = "/tiktok/v2/";
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int CREATOR_INFO_PER_MINUTE = 20;
  private static final int READS_PER_MINUTE = 600;

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final TikTokSettings settings;

  TikTokApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      TikTokSettings settings) {
    this.accounts = accounts;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.settings = settings;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (!path.startsWith(API)) {
      return chain.filter(exchange);
    }
    String token = bearerToken(exchange.getRequest().getHeaders());
    Optional<SandboxAccount> account = accounts.findByToken(TikTokStore.PLATFORM, token);
    if (account.isEmpty()) {
      return SandboxResponses.json(exchange, 401, TikTokErrors.tokenInvalid().body());
    }
    String group = group(path);
    if (windows.hit("tiktok/" + token + "/" + group, limit(group), WINDOW).exceeded()) {
      stats.rateLimited(TikTokStore.PLATFORM);
      return SandboxResponses.json(exchange, 429, TikTokErrors.rateLimited().body());
    }
    Optional<InjectedFailure> failure =
        failures.next(TikTokStore.PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      String body =
          failure.get().body() != null
              ? failure.get().body()
              : TikTokErrors.defaultBody(failure.get().status());
      return SandboxResponses.json(exchange, failure.get().status(), body);
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private static String group(String path) {
    if (path.endsWith("/video/init/") || path.endsWith("/content/init/")) {
      return "init";
    }
    if (path.endsWith("/status/fetch/")) {
      return "status";
    }
    if (path.endsWith("/creator_info/query/")) {
      return "creator_info";
    }
    return "read";
  }

  private int limit(String group) {
    return switch (group) {
      case "init" -> settings.initPerMinute();
      case "status" -> settings.statusPerMinute();
      case "creator_info" -> CREATOR_INFO_PER_MINUTE;
      default -> READS_PER_MINUTE;
    };
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

package dev.omnipost.sandbox.linkedin;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.RateWindows;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.control.SandboxStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every LinkedIn call goes through: the bearer token (401 {@code INVALID_ACCESS_TOKEN}), the
 * {@code LinkedIn-Version} header on {@code /rest} calls (400 when missing, 426 when not active),
 * the member's daily post limit (429 without any rate header, reset at midnight UTC) and failures
 * injected through the control API. Image uploads ({@code /dms-uploads}) need the token too.
 */
@Component
class LinkedInApiFilter implements WebFilter {

  static final String REST = "/linkedin/rest/";
  static final String UPLOADS = "/linkedin/dms-uploads/";

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final LinkedInSettings settings;
  private final Clock clock;

  LinkedInApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      LinkedInSettings settings,
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
    boolean rest = path.startsWith(REST);
    if (!rest && !path.startsWith(UPLOADS)) {
      return chain.filter(exchange);
    }
    HttpHeaders request = exchange.getRequest().getHeaders();
    Optional<SandboxAccount> account =
        accounts.findByToken(LinkedInStore.PLATFORM, bearerToken(request));
    if (account.isEmpty()) {
      return fail(exchange, LinkedInErrors.invalidToken());
    }
    if (rest) {
      String version = request.getFirst("LinkedIn-Version");
      if (version == null || version.isBlank()) {
        return fail(exchange, LinkedInErrors.versionMissing());
      }
      if (!version.trim().matches("\\d{6}(\\.\\d{2})?")
          || version.trim().substring(0, 6).compareTo(settings.oldestActiveVersion()) < 0) {
        return fail(exchange, LinkedInErrors.versionNotActive(version.trim()));
      }
      if (exchange.getRequest().getMethod() == HttpMethod.POST && path.equals(REST + "posts")) {
        RateWindows.Usage day =
            windows.hit(
                "linkedin/" + account.get().accountId() + "/posts",
                settings.postsPerDay(),
                untilMidnightUtc());
        if (day.exceeded()) {
          stats.rateLimited(LinkedInStore.PLATFORM);
          return fail(exchange, LinkedInErrors.dailyLimit());
        }
      }
    }
    Optional<InjectedFailure> failure =
        failures.next(LinkedInStore.PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      String body =
          failure.get().body() != null
              ? failure.get().body()
              : LinkedInErrors.defaultBody(failure.get().status());
      return SandboxResponses.json(exchange, failure.get().status(), body);
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private Duration untilMidnightUtc() {
    Instant now = clock.instant();
    Instant midnight =
        LocalDate.ofInstant(now, ZoneOffset.UTC)
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    return Duration.between(now, midnight);
  }

  private static Mono<Void> fail(ServerWebExchange exchange, LinkedInErrors error) {
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

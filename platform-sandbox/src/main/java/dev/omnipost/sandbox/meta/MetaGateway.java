package dev.omnipost.sandbox.meta;

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
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every call to a simulated Meta Graph API (Facebook Pages, Threads) goes through before its
 * endpoint: the token (code 190 when unknown, 2500 when missing), the account's hourly call budget
 * reported as Meta does, in percent ({@code X-App-Usage}, or {@code X-Business-Use-Case-Usage} with
 * {@code estimated_time_to_regain_access} for page tokens), the platform's throttle error beyond
 * 100 %, and failures injected through the control API. Each platform's filter calls {@link
 * #filter} for its own paths.
 */
@Component
public class MetaGateway {

  /**
   * How a platform counts calls.
   *
   * @param callsPerHour calls per account per rolling hour before throttling
   * @param throttleCode the Graph error code of a throttled call (4 app, 80001 pages)
   * @param businessUseCase report usage as {@code X-Business-Use-Case-Usage} of this type ({@code
   *     pages}); null: as {@code X-App-Usage}
   */
  public record Usage(int callsPerHour, int throttleCode, String businessUseCase) {}

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final Clock clock;

  MetaGateway(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      Clock clock) {
    this.accounts = accounts;
    this.failures = failures;
    this.windows = windows;
    this.stats = stats;
    this.clock = clock;
  }

  public Mono<Void> filter(
      ServerWebExchange exchange, WebFilterChain chain, String platform, Usage usage) {
    return MetaParams.token(exchange)
        .defaultIfEmpty("")
        .flatMap(
            token -> {
              if (token.isEmpty()) {
                return fail(exchange, MetaError.missingToken());
              }
              Optional<SandboxAccount> account = accounts.findByToken(platform, token);
              if (account.isEmpty()) {
                exchange
                    .getResponse()
                    .getHeaders()
                    .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token\"");
                return fail(exchange, MetaError.invalidToken());
              }
              String accountId = account.get().accountId();
              RateWindows.Usage window =
                  windows.hit(
                      platform + "/" + accountId + "/calls",
                      usage.callsPerHour(),
                      Duration.ofHours(1));
              int percent =
                  (int)
                      Math.min(
                          999,
                          (usage.callsPerHour() - window.remaining())
                              * 100L
                              / usage.callsPerHour());
              if (window.exceeded()) {
                percent = 100;
              }
              long minutesLeft =
                  Math.max(1, Duration.between(clock.instant(), window.resetsAt()).toMinutes());
              setUsage(
                  exchange.getResponse().getHeaders(),
                  usage,
                  accountId,
                  percent,
                  window.exceeded() ? minutesLeft : 0);
              if (window.exceeded()) {
                stats.rateLimited(platform);
                return fail(exchange, throttled(usage));
              }
              Optional<InjectedFailure> failure =
                  failures.next(platform, accountId, exchange.getRequest());
              if (failure.isPresent()) {
                MetaError error = MetaError.forStatus(failure.get().status(), usage.throttleCode());
                if (failure.get().status() == 429) {
                  setUsage(exchange.getResponse().getHeaders(), usage, accountId, 100, 1);
                }
                String body = failure.get().body() != null ? failure.get().body() : error.body();
                return SandboxResponses.json(exchange, failure.get().status(), body);
              }
              exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
              return chain.filter(exchange);
            });
  }

  private static MetaError throttled(Usage usage) {
    return usage.businessUseCase() != null
        ? new MetaError(
            400,
            "(#"
                + usage.throttleCode()
                + ") There have been too many calls to this Page account."
                + " Wait a bit and try again.",
            "OAuthException",
            usage.throttleCode(),
            null,
            null,
            true)
        : new MetaError(
            400,
            "(#" + usage.throttleCode() + ") Application request limit reached",
            "OAuthException",
            usage.throttleCode(),
            null,
            null,
            true);
  }

  private static void setUsage(
      HttpHeaders headers, Usage usage, String accountId, int percent, long regainMinutes) {
    int time = Math.max(1, percent / 4);
    if (usage.businessUseCase() == null) {
      headers.set(
          "X-App-Usage",
          "{\"call_count\":"
              + percent
              + ",\"total_cputime\":"
              + time
              + ",\"total_time\":"
              + time
              + "}");
    } else {
      headers.set(
          "X-Business-Use-Case-Usage",
          "{\""
              + accountId
              + "\":[{\"type\":\""
              + usage.businessUseCase()
              + "\",\"call_count\":"
              + percent
              + ",\"total_cputime\":"
              + time
              + ",\"total_time\":"
              + time
              + ",\"estimated_time_to_regain_access\":"
              + regainMinutes
              + "}]}");
    }
  }

  private static Mono<Void> fail(ServerWebExchange exchange, MetaError error) {
    return SandboxResponses.json(exchange, error.httpStatus(), error.body());
  }
}

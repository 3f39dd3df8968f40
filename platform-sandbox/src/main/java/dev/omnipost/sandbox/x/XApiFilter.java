package dev.omnipost.sandbox.x;

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
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every X API call goes through: the user's bearer token (401 problem when unknown), the
 * per-user, per-endpoint 15-minute window ({@code x-rate-limit-limit/-remaining/-reset}, unix
 * seconds, on every answer; the 24-hour tweet cap as {@code x-user-limit-24hour-*} on {@code POST
 * /2/tweets}) and failures injected through the control API.
 */
@Component
class XApiFilter implements WebFilter {

  private static final String API = "/x/2/";

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final RateWindows windows;
  private final SandboxStats stats;
  private final XSettings settings;
  private final Clock clock;

  XApiFilter(
      SandboxAccounts accounts,
      InjectedFailures failures,
      RateWindows windows,
      SandboxStats stats,
      XSettings settings,
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
    Optional<SandboxAccount> account = accounts.findByToken(XStore.PLATFORM, token);
    if (account.isEmpty()) {
      XProblems unauthorized = XProblems.unauthorized();
      return SandboxResponses.json(exchange, 401, unauthorized.body());
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    HttpMethod method = exchange.getRequest().getMethod();
    boolean createsTweet = method == HttpMethod.POST && path.equals(API + "tweets");
    String group = group(method, path);
    RateWindows.Usage usage =
        windows.hit("x/" + token + "/" + group, limit(group), settings.window());
    setLimitHeaders(headers, "x-rate-limit-", usage);
    boolean overDailyCap = false;
    if (createsTweet) {
      RateWindows.Usage daily =
          windows.hit("x/" + token + "/24h", settings.dailyTweetLimit(), Duration.ofHours(24));
      setLimitHeaders(headers, "x-user-limit-24hour-", daily);
      overDailyCap = daily.exceeded();
    }
    if (usage.exceeded() || overDailyCap) {
      stats.rateLimited(XStore.PLATFORM);
      return SandboxResponses.json(exchange, 429, XProblems.tooManyRequests().body());
    }
    Optional<InjectedFailure> failure =
        failures.next(XStore.PLATFORM, account.get().accountId(), exchange.getRequest());
    if (failure.isPresent()) {
      return fail(exchange, failure.get());
    }
    exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
    return chain.filter(exchange);
  }

  private Mono<Void> fail(ServerWebExchange exchange, InjectedFailure failure) {
    if (failure.status() == 429) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("x-rate-limit-remaining", "0");
      headers.set(
          "x-rate-limit-reset",
          String.valueOf(clock.instant().plus(settings.rateLimitedRetryAfter()).getEpochSecond()));
    }
    String body = failure.body() != null ? failure.body() : XProblems.defaultBody(failure.status());
    return SandboxResponses.json(exchange, failure.status(), body);
  }

  /** X counts each endpoint separately; the sandbox groups them as its settings do. */
  private static String group(HttpMethod method, String path) {
    if (path.startsWith(API + "tweets") && method == HttpMethod.POST) {
      return "tweets.create";
    }
    if (path.startsWith(API + "tweets/") && method == HttpMethod.DELETE) {
      return "tweets.delete";
    }
    if (path.startsWith(API + "media/")) {
      return "media";
    }
    if (path.startsWith(API + "dm_conversations/") && method == HttpMethod.POST) {
      return "dm.send";
    }
    if (path.startsWith(API + "tweets/") && path.endsWith("/hidden")) {
      return "tweets.hide";
    }
    if (path.startsWith(API + "users/") && path.contains("/likes")) {
      return method == HttpMethod.DELETE ? "likes.delete" : "likes.create";
    }
    return "read";
  }

  private int limit(String group) {
    return switch (group) {
      case "tweets.create" -> settings.tweetLimit();
      case "tweets.delete" -> settings.deleteLimit();
      case "media" -> settings.mediaLimit();
      case "dm.send" -> settings.dmSendLimit();
      case "tweets.hide", "likes.create", "likes.delete" -> settings.engagementLimit();
      default -> settings.readLimit();
    };
  }

  private static void setLimitHeaders(HttpHeaders headers, String prefix, RateWindows.Usage usage) {
    headers.set(prefix + "limit", String.valueOf(usage.limit()));
    headers.set(prefix + "remaining", String.valueOf(usage.remaining()));
    headers.set(prefix + "reset", String.valueOf(usage.resetsAt().getEpochSecond()));
  }

  private static String bearerToken(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }
}

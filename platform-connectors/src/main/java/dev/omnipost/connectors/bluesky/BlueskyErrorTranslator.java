package dev.omnipost.connectors.bluesky;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.ErrorTranslator;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * XRPC errors, {@code {"error": "<Name>", "message": "..."}}: the name says what happened. A dead
 * session or app password ({@code ExpiredToken} is a 400, {@code InvalidToken} and {@code
 * AuthenticationRequired} 401, a taken-down or deactivated account) is {@code auth_expired} (the
 * connector first renews the session itself); {@code RateLimitExceeded} / 429 waits until {@code
 * ratelimit-reset} (unix seconds); 5xx and the PDS's upstream failures are transient; the rest is
 * the PDS refusing the request, in its own words.
 */
final class BlueskyErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> DEAD_SESSION =
      Set.of(
          "ExpiredToken",
          "InvalidToken",
          "AuthenticationRequired",
          "AccountTakedown",
          "AccountDeactivated",
          "AuthMissing");
  private static final Set<String> TRANSIENT =
      Set.of("UpstreamFailure", "UpstreamTimeout", "NotEnoughResources", "InternalServerError");

  private final Clock clock;

  BlueskyErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = parse(body);
    String name = JsonText.of(error, "error");
    if (name == null) {
      name = "";
    }
    String message = message(status, name, JsonText.of(error, "message"));
    if (status == 401 || DEAD_SESSION.contains(name)) {
      return new AuthExpiredException(Platform.BLUESKY, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (status == 429 || "RateLimitExceeded".equals(name)) {
      Duration untilReset =
          RetryAfter.untilEpochSeconds(headers.getFirst("ratelimit-reset"), clock);
      return new TransientPlatformException(
          Platform.BLUESKY,
          status,
          message,
          untilReset != null ? untilReset : retryAfter,
          true,
          null);
    }
    if (status >= 500 || TRANSIENT.contains(name)) {
      return new TransientPlatformException(Platform.BLUESKY, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.BLUESKY, status, message, null);
  }

  private static String message(int status, String name, String message) {
    if (message != null && !message.isBlank()) {
      return message;
    }
    return !name.isEmpty() ? name : "bluesky answered HTTP " + status;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }
}

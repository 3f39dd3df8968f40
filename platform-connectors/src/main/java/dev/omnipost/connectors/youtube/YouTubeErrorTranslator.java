package dev.omnipost.connectors.youtube;

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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * YouTube Data API errors, Google's {@code {"error": {"code", "message", "errors": [{"domain",
 * "reason", "message"}], "status"}}}: 401 / {@code authError} / {@code UNAUTHENTICATED} is a dead
 * token; {@code quotaExceeded} and {@code dailyLimitExceeded} (the project's daily units) and
 * {@code uploadLimitExceeded} (the channel's uploads) wait until the quota day restarts at midnight
 * Pacific time, YouTube's own reset; {@code rateLimitExceeded}, {@code userRateLimitExceeded} and
 * 429 wait {@code Retry-After} or a minute; 5xx and {@code backendError} are transient; the rest is
 * YouTube refusing the request, with its message.
 */
final class YouTubeErrorTranslator implements ErrorTranslator {

  /** YouTube's quota day. */
  static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> DAILY =
      Set.of("quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded");
  private static final Set<String> SHORT =
      Set.of("rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED");
  private static final Duration SHORT_WAIT = Duration.ofMinutes(1);

  private final Clock clock;

  YouTubeErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = parse(body).path("error");
    JsonNode first = error.path("errors").path(0);
    String reason = JsonText.of(first, "reason");
    reason = reason == null ? "" : reason;
    String message = JsonText.of(error, "message");
    if (message == null || message.isBlank()) {
      message = JsonText.of(first, "message");
    }
    if (message == null || message.isBlank()) {
      message = "YouTube answered HTTP " + status;
    }
    if (status == 401
        || reason.equals("authError")
        || "UNAUTHENTICATED".equals(JsonText.of(error, "status"))) {
      return new AuthExpiredException(Platform.YOUTUBE, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (DAILY.contains(reason)) {
      return new TransientPlatformException(
          Platform.YOUTUBE, status, message, untilQuotaDay(), true, null);
    }
    if (status == 429 || SHORT.contains(reason)) {
      return new TransientPlatformException(
          Platform.YOUTUBE,
          status,
          message,
          retryAfter != null ? retryAfter : SHORT_WAIT,
          true,
          null);
    }
    if (status >= 500 || reason.equals("backendError")) {
      return new TransientPlatformException(Platform.YOUTUBE, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.YOUTUBE, status, message, null);
  }

  /** Until the next midnight in Pacific time, when YouTube's daily quota restarts. */
  Duration untilQuotaDay() {
    var now = clock.instant();
    var midnight = LocalDate.ofInstant(now, QUOTA_ZONE).plusDays(1).atStartOfDay(QUOTA_ZONE);
    return Duration.between(now, midnight.toInstant());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }
}

package dev.omnipost.connectors.x;

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
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * X API v2 errors: problem JSON {@code {title, detail, type, status}} (with {@code errors[]} for
 * invalid requests). 401 is a dead token; 429 (and the {@code rate-limit-exceeded} / {@code
 * usage-capped} problem types) waits until the exhausted window's reset, unix seconds in {@code
 * x-rate-limit-reset} or {@code x-user-limit-24hour-reset} / {@code x-app-limit-24hour-reset}; 5xx
 * is transient; anything else, the duplicate-content 403 included, is X refusing the request.
 */
final class XErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DUPLICATE_CONTENT = "duplicate content";

  private final Clock clock;

  XErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  /** Whether X refused a tweet because the account posted the same text recently. */
  static boolean isDuplicateContent(PermanentPlatformException e) {
    return e.httpStatus() == 403
        && e.getMessage() != null
        && e.getMessage().toLowerCase().contains(DUPLICATE_CONTENT);
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode problem = parse(body);
    String message = message(status, problem);
    String type = JsonText.of(problem, "type");
    boolean rateLimited =
        status == 429
            || (type != null
                && (type.endsWith("/rate-limit-exceeded") || type.endsWith("/usage-capped")));
    if (status == 401) {
      return new AuthExpiredException(Platform.TWITTER, status, message, null);
    }
    if (rateLimited) {
      return new TransientPlatformException(
          Platform.TWITTER, status, message, retryAfter(headers), true, null);
    }
    if (status >= 500) {
      return new TransientPlatformException(
          Platform.TWITTER,
          status,
          message,
          RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock),
          null);
    }
    return new PermanentPlatformException(Platform.TWITTER, status, message, null);
  }

  /**
   * {@code Retry-After} when a proxy sent it; else the latest reset among the windows X says are
   * exhausted (15-minute, user 24-hour, app 24-hour); else the 15-minute reset.
   */
  private Duration retryAfter(HttpHeaders headers) {
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (retryAfter != null) {
      return retryAfter;
    }
    Duration longest = null;
    for (String window :
        new String[] {"x-rate-limit-", "x-user-limit-24hour-", "x-app-limit-24hour-"}) {
      if ("0".equals(trimmed(headers.getFirst(window + "remaining")))) {
        Duration wait = RetryAfter.untilEpochSeconds(headers.getFirst(window + "reset"), clock);
        if (wait != null && (longest == null || wait.compareTo(longest) > 0)) {
          longest = wait;
        }
      }
    }
    return longest != null
        ? longest
        : RetryAfter.untilEpochSeconds(headers.getFirst("x-rate-limit-reset"), clock);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }

  /** The specific {@code errors[0].message} of an invalid request, else {@code detail}. */
  private static String message(int status, JsonNode problem) {
    String specific = JsonText.of(problem.path("errors").path(0), "message");
    if (specific != null && !specific.isBlank()) {
      return specific;
    }
    for (String field : new String[] {"detail", "title"}) {
      String text = JsonText.of(problem, field);
      if (text != null && !text.isBlank()) {
        return text;
      }
    }
    return "X answered HTTP " + status;
  }
}

package dev.omnipost.connectors.instagram;

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
 * Graph API errors ({@code {"error":{"message","type","code","error_subcode",...}}}): the code, not
 * the HTTP status, says what happened. 190 is an expired or revoked token; 4, 17, 32, 613 and 80002
 * are throttling, with the wait in {@code X-Business-Use-Case-Usage}.
 */
final class GraphErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int EXPIRED_TOKEN = 190;
  private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613, 80001, 80002);
  private static final int TEMPORARILY_UNAVAILABLE = 2;
  private static final int PUBLISH_LIMIT_REACHED = 2207042;

  private final Platform platform;
  private final Clock clock;

  GraphErrorTranslator(Platform platform, Clock clock) {
    this.platform = platform;
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = error(body);
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = message(status, error);
    if (code == EXPIRED_TOKEN) {
      return new AuthExpiredException(platform, status, message, null);
    }
    if (THROTTLED.contains(code) || subcode == PUBLISH_LIMIT_REACHED || status == 429) {
      return new TransientPlatformException(
          platform, status, message, retryAfter(headers), true, null);
    }
    if (status >= 500
        || code == TEMPORARILY_UNAVAILABLE
        || error.path("is_transient").asBoolean(false)) {
      Duration retryAfter =
          RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
      return new TransientPlatformException(platform, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(platform, status, message, null);
  }

  /** The longest {@code estimated_time_to_regain_access} (minutes) Graph sent, else Retry-After. */
  private Duration retryAfter(HttpHeaders headers) {
    long minutes = -1;
    for (String header : new String[] {"X-Business-Use-Case-Usage", "X-Ad-Account-Usage"}) {
      String value = headers.getFirst(header);
      if (value == null) {
        continue;
      }
      try {
        for (JsonNode usages : JSON.readTree(value)) {
          for (JsonNode usage : usages.isArray() ? usages : JSON.createArrayNode().add(usages)) {
            minutes = Math.max(minutes, usage.path("estimated_time_to_regain_access").asLong(-1));
          }
        }
      } catch (JacksonException unreadable) {
        // An unreadable usage header just means we do not know how long to wait.
      }
    }
    if (minutes >= 0) {
      return Duration.ofMinutes(minutes);
    }
    return RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
  }

  private static JsonNode error(String body) {
    try {
      return JSON.readTree(body).path("error");
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }

  /** Graph's user-facing message when it gave one (more specific), else its technical one. */
  private String message(int status, JsonNode error) {
    String userMessage = JsonText.of(error, "error_user_msg");
    if (userMessage != null && !userMessage.isBlank()) {
      return userMessage;
    }
    String message = JsonText.of(error, "message");
    return message != null && !message.isBlank()
        ? message
        : platform.id() + " answered HTTP " + status;
  }
}

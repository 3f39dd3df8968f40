package dev.omnipost.connectors.pinterest;

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
 * Pinterest v5 errors, {@code {"code": <int>, "message": "..."}}: 401 (code 2, "Authentication
 * failed.") is a dead token; 429 waits for {@code Retry-After} or {@code X-RateLimit-Reset} when
 * sent, else one second (the per-user limit is per second); 5xx is transient; the rest is Pinterest
 * refusing the request.
 */
final class PinterestErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int AUTHENTICATION_FAILED = 2;
  private static final Duration RATE_WINDOW = Duration.ofSeconds(1);

  private final Clock clock;

  PinterestErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = parse(body);
    String message = JsonText.of(error, "message");
    if (message == null || message.isBlank()) {
      message = "Pinterest answered HTTP " + status;
    }
    if (status == 401 || error.path("code").asInt(-1) == AUTHENTICATION_FAILED) {
      return new AuthExpiredException(Platform.PINTEREST, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (status == 429) {
      if (retryAfter == null) {
        retryAfter = RetryAfter.fromRetryAfterHeader(headers.getFirst("X-RateLimit-Reset"), clock);
      }
      return new TransientPlatformException(
          Platform.PINTEREST, status, message, retryAfter != null ? retryAfter : RATE_WINDOW, null);
    }
    if (status >= 500) {
      return new TransientPlatformException(Platform.PINTEREST, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.PINTEREST, status, message, null);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }
}

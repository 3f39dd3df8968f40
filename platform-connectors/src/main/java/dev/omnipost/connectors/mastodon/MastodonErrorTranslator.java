package dev.omnipost.connectors.mastodon;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.ErrorTranslator;
import dev.omnipost.connectors.http.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon's errors: {@code {"error":"..."}}; 401 is a revoked token, 429 carries {@code
 * X-RateLimit-Reset} (ISO 8601), 5xx may carry {@code Retry-After}.
 */
final class MastodonErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Clock clock;

  MastodonErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    String message = message(status, body);
    if (status == 401) {
      return new AuthExpiredException(Platform.MASTODON, status, message, null);
    }
    if (status == 429) {
      Duration retryAfter =
          RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
      if (retryAfter == null) {
        retryAfter = RetryAfter.untilIsoInstant(headers.getFirst("X-RateLimit-Reset"), clock);
      }
      return new TransientPlatformException(Platform.MASTODON, status, message, retryAfter, null);
    }
    if (status >= 500 || status == 408) {
      Duration retryAfter =
          RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
      return new TransientPlatformException(Platform.MASTODON, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.MASTODON, status, message, null);
  }

  private static String message(int status, String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isString() && !error.asString().isBlank()) {
        return error.asString();
      }
    } catch (JacksonException notJson) {
      // Proxies in front of instances answer HTML; the status says enough.
    }
    return "Mastodon answered HTTP " + status;
  }
}

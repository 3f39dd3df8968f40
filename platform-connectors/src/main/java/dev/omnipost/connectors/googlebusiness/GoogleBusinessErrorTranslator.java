package dev.omnipost.connectors.googlebusiness;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.ErrorTranslator;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.RetryAfter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Business Profile API errors, Google's {@code {"error": {"code", "message", "status",
 * "details"}}}: 401 / {@code UNAUTHENTICATED} is a dead token; 429 / {@code RESOURCE_EXHAUSTED}
 * (300 requests a minute, 10 edits a minute per profile) waits the {@code google.rpc.RetryInfo}
 * {@code retryDelay}, else {@code Retry-After}, else the minute the quotas are counted in; 5xx,
 * {@code UNAVAILABLE} and {@code INTERNAL} are transient; the rest is Google refusing the post,
 * with the first {@code ValidationError}'s field and message when there is one.
 */
final class GoogleBusinessErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration QUOTA_WINDOW = Duration.ofMinutes(1);

  private final Clock clock;

  GoogleBusinessErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = parse(body).path("error");
    String grpc = JsonText.of(error, "status");
    grpc = grpc == null ? "" : grpc;
    String message = message(error, status);
    if (status == 401 || grpc.equals("UNAUTHENTICATED")) {
      return new AuthExpiredException(Platform.GOOGLE_BUSINESS, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (status == 429 || grpc.equals("RESOURCE_EXHAUSTED")) {
      Duration told = retryDelay(error);
      Duration wait = told != null ? told : retryAfter != null ? retryAfter : QUOTA_WINDOW;
      return new TransientPlatformException(
          Platform.GOOGLE_BUSINESS, status, message, wait, true, null);
    }
    if (status >= 500 || grpc.equals("UNAVAILABLE") || grpc.equals("INTERNAL")) {
      return new TransientPlatformException(
          Platform.GOOGLE_BUSINESS, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.GOOGLE_BUSINESS, status, message, null);
  }

  private static String message(JsonNode error, int status) {
    for (JsonNode detail : error.path("details")) {
      JsonNode first = detail.path("errorDetails").path(0);
      String detailMessage = JsonText.of(first, "message");
      if (detailMessage != null && !detailMessage.isBlank()) {
        String field = JsonText.of(first, "field");
        return field == null ? detailMessage : field + ": " + detailMessage;
      }
    }
    String message = JsonText.of(error, "message");
    return message == null || message.isBlank()
        ? "Google Business Profile answered HTTP " + status
        : message;
  }

  /** {@code google.rpc.RetryInfo.retryDelay}, a protobuf duration such as {@code "30s"}. */
  private static Duration retryDelay(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      String type = JsonText.of(detail, "@type");
      String delay = JsonText.of(detail, "retryDelay");
      if (type != null && type.endsWith("google.rpc.RetryInfo") && delay != null) {
        try {
          BigDecimal seconds = new BigDecimal(delay.trim().replaceFirst("s$", ""));
          return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException unreadable) {
          return null;
        }
      }
    }
    return null;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }
}

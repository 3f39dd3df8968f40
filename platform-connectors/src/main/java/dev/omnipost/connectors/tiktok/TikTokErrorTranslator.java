package dev.omnipost.connectors.tiktok;

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
 * TikTok v2 errors, {@code {"error": {"code", "message", "log_id"}}}: a dead token or a scope the
 * user did not grant means reconnecting; {@code rate_limit_exceeded} (429) waits out the per-minute
 * window TikTok counts in (it sends no reset, so {@code Retry-After} or one minute); the creator's
 * daily post cap and the app's active-user cap wait an hour (TikTok says no more); {@code
 * internal_error} and 5xx are transient; every other code is TikTok refusing the request, with its
 * message.
 */
final class TikTokErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> AUTH =
      Set.of("access_token_invalid", "scope_not_authorized", "scope_permission_missed");
  private static final Set<String> CAPS =
      Set.of("spam_risk_too_many_posts", "reached_active_user_cap");
  private static final Duration RATE_WINDOW = Duration.ofMinutes(1);
  private static final Duration CAP_WAIT = Duration.ofHours(1);

  private final Clock clock;

  TikTokErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    return translate(status, headers, parse(body).path("error"));
  }

  /** Also used for an {@code error} object whose code is not {@code ok} on a 2xx answer. */
  PlatformException translate(int status, HttpHeaders headers, JsonNode error) {
    String code = JsonText.of(error, "code");
    code = code == null ? "" : code;
    String message = JsonText.of(error, "message");
    if (message == null || message.isBlank()) {
      message = !code.isEmpty() ? "TikTok answered " + code : "TikTok answered HTTP " + status;
    }
    if (status == 401 || AUTH.contains(code)) {
      return new AuthExpiredException(Platform.TIKTOK, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (status == 429 || "rate_limit_exceeded".equals(code)) {
      return new TransientPlatformException(
          Platform.TIKTOK,
          status,
          message,
          retryAfter != null ? retryAfter : RATE_WINDOW,
          true,
          null);
    }
    if (CAPS.contains(code)) {
      return new TransientPlatformException(
          Platform.TIKTOK, status, message, retryAfter != null ? retryAfter : CAP_WAIT, true, null);
    }
    if (status >= 500 || "internal_error".equals(code)) {
      return new TransientPlatformException(Platform.TIKTOK, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.TIKTOK, status, message, null);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }
}

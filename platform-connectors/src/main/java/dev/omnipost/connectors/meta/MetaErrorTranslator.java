package dev.omnipost.connectors.meta;

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
 * Errors of Meta's Graph APIs as Facebook Pages and Threads send them, {@code
 * {"error":{"message","type","code","error_subcode","is_transient","error_user_msg","fbtrace_id"}}}:
 * the code, not the HTTP status, says what happened. 190 (and 102) is an expired or revoked token;
 * 4, 17, 32, 613 and 80001/80002/80006 are throttling, as is subcode 2207042 (publish cap), waiting
 * as long as the usage headers say ({@link MetaUsage#waitBeforeCalling()}) or {@code Retry-After};
 * 5xx, codes 1 and 2 and {@code is_transient} are transient; the rest (100 invalid parameter, 10
 * and 200-299 permissions, 368 policy block, 506 duplicate post) is a refusal in Meta's words.
 */
public final class MetaErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<Integer> EXPIRED_TOKEN = Set.of(190, 102);
  private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613, 80001, 80002, 80006);
  private static final Set<Integer> TEMPORARY = Set.of(1, 2);
  private static final int PUBLISH_LIMIT_REACHED = 2207042;

  private final Platform platform;
  private final Clock clock;

  public MetaErrorTranslator(Platform platform, Clock clock) {
    this.platform = platform;
    this.clock = clock;
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = error(body);
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = message(status, error);
    if (EXPIRED_TOKEN.contains(code)) {
      return new AuthExpiredException(platform, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (THROTTLED.contains(code) || subcode == PUBLISH_LIMIT_REACHED || status == 429) {
      Duration wait = MetaUsage.of(headers).waitBeforeCalling();
      return new TransientPlatformException(
          platform, status, message, wait != null ? wait : retryAfter, true, null);
    }
    if (status >= 500 || TEMPORARY.contains(code) || error.path("is_transient").asBoolean(false)) {
      return new TransientPlatformException(platform, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(platform, status, message, null);
  }

  private static JsonNode error(String body) {
    try {
      return JSON.readTree(body).path("error");
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }

  /** Meta's user-facing message when it gave one (more specific), else its technical one. */
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

package dev.omnipost.connectors.linkedin;

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
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LinkedIn's errors: {@code {"status","serviceErrorCode","code","message"}} or the {@code
 * errorDetailType} / {@code errorDetails.inputErrors} shape. An invalid, revoked or expired token
 * (401; service codes 65600, 65601, 65602) needs reconnecting; 429 comes without rate headers, so a
 * daily throttle waits until midnight UTC, when LinkedIn's daily limits reset; 5xx is transient;
 * the rest ({@code VERSION_MISSING}, 426 {@code NONEXISTENT_VERSION}, {@code ACCESS_DENIED}, 422
 * input errors, {@code DUPLICATE_POST}) is LinkedIn refusing the request.
 */
final class LinkedInErrorTranslator implements ErrorTranslator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<Integer> TOKEN_CODES = Set.of(65600, 65601, 65602);
  private static final Set<String> TOKEN_ERRORS =
      Set.of("INVALID_ACCESS_TOKEN", "REVOKED_ACCESS_TOKEN", "EXPIRED_ACCESS_TOKEN");
  private static final Pattern DUPLICATE_OF =
      Pattern.compile("duplicate of (urn:li:(?:share|ugcPost):[0-9]+)", Pattern.CASE_INSENSITIVE);

  private final Clock clock;

  LinkedInErrorTranslator(Clock clock) {
    this.clock = clock;
  }

  /** The post a {@code DUPLICATE_POST} refusal names, e.g. {@code urn:li:share:123}. */
  static Optional<String> duplicateOf(PermanentPlatformException e) {
    if (e.httpStatus() != 422 || e.getMessage() == null) {
      return Optional.empty();
    }
    Matcher matcher = DUPLICATE_OF.matcher(e.getMessage());
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  @Override
  public PlatformException translate(int status, HttpHeaders headers, String body) {
    JsonNode error = parse(body);
    String message = message(status, error);
    if (status == 401
        || TOKEN_CODES.contains(error.path("serviceErrorCode").asInt(0))
        || TOKEN_ERRORS.contains(String.valueOf(JsonText.of(error, "code")))) {
      return new AuthExpiredException(Platform.LINKEDIN, status, message, null);
    }
    Duration retryAfter =
        RetryAfter.fromRetryAfterHeader(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
    if (status == 429) {
      if (retryAfter == null && message.toUpperCase().contains(" DAY ")) {
        retryAfter = untilMidnightUtc();
      }
      return new TransientPlatformException(Platform.LINKEDIN, status, message, retryAfter, null);
    }
    if (status >= 500) {
      return new TransientPlatformException(Platform.LINKEDIN, status, message, retryAfter, null);
    }
    return new PermanentPlatformException(Platform.LINKEDIN, status, message, null);
  }

  private Duration untilMidnightUtc() {
    var now = clock.instant();
    var midnight =
        LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC);
    return Duration.between(now, midnight.toInstant());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException notJson) {
      return JSON.missingNode();
    }
  }

  /** {@code message}, else the first input error's description. */
  private static String message(int status, JsonNode error) {
    String message = JsonText.of(error, "message");
    if (message != null && !message.isBlank()) {
      return message;
    }
    String input =
        JsonText.of(error.path("errorDetails").path("inputErrors").path(0), "description");
    return input != null && !input.isBlank() ? input : "LinkedIn answered HTTP " + status;
  }
}

package dev.omnipost.gateway.ai;

import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field rules every AI route shares (platform, mode, tone, wait, texts, counts), so {@code
 * generate} and the writing tools accept the same values and answer a bad one the same way: 400
 * naming the field, with the valid values or the range in {@code meta}.
 */
final class AiFields {

  static final int MAX_PROMPT = 5_000;
  static final int MAX_TEXT = 10_000;
  static final int MAX_TOPIC = 500;
  static final int MAX_WAIT_SECONDS = 60;
  static final int DEFAULT_WAIT_SECONDS = 20;
  static final List<String> MODES = List.of("social", "marketing", "personal", "business");
  static final List<String> TONES =
      List.of(
          "professional",
          "casual",
          "friendly",
          "formal",
          "humorous",
          "inspirational",
          "educational",
          "persuasive");
  static final String DEFAULT_TONE = "professional";

  private AiFields() {}

  /** The platform's id; null when none is given and none is required. */
  static String platform(String value, boolean required) {
    if (value == null) {
      if (required) {
        throw ApiException.invalid(
            "request.missing_field",
            "platform is required",
            Map.of("field", "platform", "valid_values", Platform.ids()));
      }
      return null;
    }
    return Platform.fromId(value)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "request.invalid_platform",
                    "Unknown platform '" + value + "'",
                    Map.of("field", "platform", "valid_values", Platform.ids())))
        .id();
  }

  static String mode(String value) {
    return oneOf(value, "mode", MODES, "social");
  }

  static String tone(String value) {
    return oneOf(value, "tone", TONES, DEFAULT_TONE);
  }

  static Duration waitFor(Integer seconds) {
    int wait = seconds == null ? DEFAULT_WAIT_SECONDS : seconds;
    if (wait < 0 || wait > MAX_WAIT_SECONDS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds",
          Map.of("field", "wait", "min", 0, "max", MAX_WAIT_SECONDS));
    }
    return Duration.ofSeconds(wait);
  }

  /** A required text of at most {@code max} characters. */
  static String text(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw invalid("request.missing_field", field + " must not be blank", field);
    }
    if (value.length() > max) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " is limited to " + max + " characters",
          Map.of("field", field, "max", max));
    }
    return value;
  }

  /** A count between 1 and {@code max}, {@code fallback} when absent. */
  static int count(Integer value, int max, int fallback) {
    int count = value == null ? fallback : value;
    if (count < 1 || count > max) {
      throw ApiException.invalid(
          "request.invalid_field",
          "count must be between 1 and " + max,
          Map.of("field", "count", "min", 1, "max", max));
    }
    return count;
  }

  static String oneOf(String value, String field, List<String> valid, String fallback) {
    if (value == null) {
      return fallback;
    }
    String normalized = value.strip().toLowerCase(Locale.ROOT);
    if (!valid.contains(normalized)) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be one of " + String.join(", ", valid),
          Map.of("field", field, "valid_values", valid));
    }
    return normalized;
  }

  static ApiException invalid(String code, String message, String field) {
    return ApiException.invalid(code, message, Map.of("field", field));
  }
}

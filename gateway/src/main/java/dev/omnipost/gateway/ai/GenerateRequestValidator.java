package dev.omnipost.gateway.ai;

import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.gateway.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The rules of {@code POST /v1/ai/generate}; every violation is a 400 naming the field. */
final class GenerateRequestValidator {

  static final int MAX_PROMPT = 5_000;
  static final int MAX_MESSAGES = 50;
  static final int MAX_MESSAGE = 10_000;
  static final int MAX_TONE = 50;
  static final int MAX_WAIT_SECONDS = 60;
  static final int DEFAULT_WAIT_SECONDS = 20;
  static final List<String> MODES = List.of("social", "marketing", "personal", "business");
  static final List<String> TYPES = List.of("text", "image");
  static final List<String> ROLES = List.of("user", "assistant");
  static final int TEXT_CREDITS = 1;

  private GenerateRequestValidator() {}

  static ValidGeneration validate(GenerateRequest request) {
    if (request == null) {
      throw invalid(
          "request.missing_body", "a JSON body with prompt or messages is required", "prompt");
    }
    String type = oneOf(request.type(), "type", TYPES, "text");
    if (type.equals("image")) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "ai.unsupported_type",
          "Image generation is not available yet; use type text",
          Map.of("field", "type", "supported_values", List.of("text")));
    }
    boolean hasPrompt = request.prompt() != null;
    boolean hasMessages = request.messages() != null;
    if (hasPrompt == hasMessages) {
      throw invalid(
          "request.invalid_field",
          "give either prompt or messages, not both and not neither",
          "prompt");
    }
    String messagesJson = null;
    if (hasPrompt) {
      if (request.prompt().isBlank()) {
        throw invalid("request.missing_field", "prompt must not be blank", "prompt");
      }
      if (request.prompt().length() > MAX_PROMPT) {
        throw invalid(
            "request.invalid_field",
            "prompt is limited to " + MAX_PROMPT + " characters",
            "prompt");
      }
    } else {
      messagesJson = validMessages(request.messages());
    }
    String platform = null;
    if (request.platform() != null) {
      platform =
          Platform.fromId(request.platform())
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "request.invalid_platform",
                          "Unknown platform '" + request.platform() + "'",
                          Map.of("field", "platform", "valid_values", Platform.ids())))
              .id();
    }
    String mode = oneOf(request.mode(), "mode", MODES, "social");
    String tone =
        request.tone() == null || request.tone().isBlank() ? null : request.tone().strip();
    if (tone != null && tone.length() > MAX_TONE) {
      throw invalid(
          "request.invalid_field", "tone is limited to " + MAX_TONE + " characters", "tone");
    }
    int wait = request.waitSeconds() == null ? DEFAULT_WAIT_SECONDS : request.waitSeconds();
    if (wait < 0 || wait > MAX_WAIT_SECONDS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds",
          Map.of("field", "wait", "min", 0, "max", MAX_WAIT_SECONDS));
    }
    return new ValidGeneration(
        hasPrompt ? request.prompt() : null,
        messagesJson,
        platform,
        mode,
        tone,
        type,
        TEXT_CREDITS,
        Duration.ofSeconds(wait));
  }

  private static String validMessages(List<GenerateRequest.Turn> messages) {
    if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
      throw ApiException.invalid(
          "request.invalid_field",
          "messages must hold between 1 and " + MAX_MESSAGES + " turns",
          Map.of("field", "messages", "max", MAX_MESSAGES));
    }
    for (int i = 0; i < messages.size(); i++) {
      GenerateRequest.Turn turn = messages.get(i);
      String field = "messages[" + i + "]";
      if (turn == null || turn.role() == null || !ROLES.contains(turn.role())) {
        throw ApiException.invalid(
            "request.invalid_field",
            field + ".role must be user or assistant",
            Map.of("field", field + ".role", "valid_values", ROLES));
      }
      if (turn.content() == null || turn.content().isBlank()) {
        throw invalid(
            "request.missing_field", field + ".content must not be blank", field + ".content");
      }
      if (turn.content().length() > MAX_MESSAGE) {
        throw invalid(
            "request.invalid_field",
            field + ".content is limited to " + MAX_MESSAGE + " characters",
            field + ".content");
      }
    }
    if (!"user".equals(messages.get(messages.size() - 1).role())) {
      throw invalid("request.invalid_field", "the last message must be the user's", "messages");
    }
    return CloudEventCodec.dataMapper().writeValueAsString(messages);
  }

  private static String oneOf(String value, String field, List<String> valid, String fallback) {
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

  private static ApiException invalid(String code, String message, String field) {
    return ApiException.invalid(code, message, Map.of("field", field));
  }
}

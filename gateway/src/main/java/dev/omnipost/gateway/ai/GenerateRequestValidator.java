package dev.omnipost.gateway.ai;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.gateway.web.ApiException;
import java.util.List;
import java.util.Map;

/** The rules of {@code POST /v1/ai/generate} and {@code compose}; every violation is a 400. */
final class GenerateRequestValidator {

  static final int MAX_MESSAGES = 50;
  static final int MAX_MESSAGE = 10_000;
  static final List<String> TYPES = List.of("text", "image");
  static final List<String> ROLES = List.of("user", "assistant");

  private GenerateRequestValidator() {}

  static ValidGeneration validate(String tool, GenerateRequest request) {
    if (request == null) {
      throw AiFields.invalid(
          "request.missing_body", "a JSON body with prompt or messages is required", "prompt");
    }
    String type = AiFields.oneOf(request.type(), "type", TYPES, "text");
    boolean hasPrompt = request.prompt() != null;
    boolean hasMessages = request.messages() != null;
    if (hasPrompt == hasMessages) {
      throw AiFields.invalid(
          "request.invalid_field",
          "give either prompt or messages, not both and not neither",
          "prompt");
    }
    String prompt =
        hasPrompt ? AiFields.text(request.prompt(), "prompt", AiFields.MAX_PROMPT) : null;
    String messagesJson = hasPrompt ? null : validMessages(request.messages());
    String platform = AiFields.platform(request.platform(), false);
    String mode = AiFields.mode(request.mode());
    String tone = AiFields.tone(request.tone());
    var waitFor = AiFields.waitFor(request.waitSeconds());
    if (!type.equals("image")) {
      imageOnly(request.aspect(), "aspect");
      imageOnly(request.size(), "size");
      imageOnly(request.brandId(), "brand_id");
      return new ValidGeneration(
          tool,
          "text",
          prompt,
          messagesJson,
          platform,
          mode,
          tone,
          null,
          null,
          null,
          null,
          ValidGeneration.TEXT_CREDITS,
          waitFor);
    }
    int[] size = ImageSizes.of(platform, request.aspect(), request.size());
    return new ValidGeneration(
        tool,
        "image",
        prompt,
        messagesJson,
        platform,
        mode,
        tone,
        null,
        size[0],
        size[1],
        request.brandId(),
        ValidGeneration.IMAGE_CREDITS,
        waitFor);
  }

  private static void imageOnly(String value, String field) {
    if (value != null) {
      throw AiFields.invalid("request.invalid_field", field + " applies to type image only", field);
    }
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
      AiFields.text(turn.content(), field + ".content", MAX_MESSAGE);
    }
    if (!"user".equals(messages.get(messages.size() - 1).role())) {
      throw AiFields.invalid(
          "request.invalid_field", "the last message must be the user's", "messages");
    }
    return CloudEventCodec.dataMapper().writeValueAsString(messages);
  }
}

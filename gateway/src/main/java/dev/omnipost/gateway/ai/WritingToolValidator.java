package dev.omnipost.gateway.ai;

/** The rules of each writing tool; every violation is a 400 naming the field. */
final class WritingToolValidator {

  static final int MAX_HASHTAGS = 30;
  static final int DEFAULT_HASHTAGS = 5;
  static final int MAX_IDEAS = 20;
  static final int DEFAULT_IDEAS = 5;

  private WritingToolValidator() {}

  /** {@code {text, tone, platform?}}: the text in another tone, its content kept. */
  static ValidGeneration rewrite(WritingToolRequest request) {
    return text("rewrite", request, false, null);
  }

  /** {@code {text, platform, count?}}: up to {@code count} (1-30, default 5) hashtags. */
  static ValidGeneration hashtags(WritingToolRequest request) {
    ValidGeneration generation = text("hashtags", request, true, null);
    return generation.withItemCount(
        AiFields.count(request.count(), MAX_HASHTAGS, DEFAULT_HASHTAGS));
  }

  /** {@code {text, platform}}: the text as posts within the platform's limit. */
  static ValidGeneration thread(WritingToolRequest request) {
    return text("thread", request, true, null);
  }

  /** {@code {text, platform}}: the text improved, with findings. */
  static ValidGeneration optimize(WritingToolRequest request) {
    return text("optimize", request, true, null);
  }

  /** {@code {topic, count?, platform?}}: {@code count} (1-20, default 5) post ideas. */
  static ValidGeneration ideas(WritingToolRequest request) {
    present(request, "topic");
    String topic = AiFields.text(request.topic(), "topic", AiFields.MAX_TOPIC);
    int count = AiFields.count(request.count(), MAX_IDEAS, DEFAULT_IDEAS);
    return ValidGeneration.tool(
        "ideas",
        topic,
        AiFields.platform(request.platform(), false),
        AiFields.mode(request.mode()),
        AiFields.tone(request.tone()),
        count,
        AiFields.waitFor(request.waitSeconds()));
  }

  private static ValidGeneration text(
      String tool, WritingToolRequest request, boolean platformRequired, Integer count) {
    present(request, "text");
    String text = AiFields.text(request.text(), "text", AiFields.MAX_TEXT);
    return ValidGeneration.tool(
        tool,
        text,
        AiFields.platform(request.platform(), platformRequired),
        AiFields.mode(request.mode()),
        AiFields.tone(request.tone()),
        count,
        AiFields.waitFor(request.waitSeconds()));
  }

  private static WritingToolRequest present(WritingToolRequest request, String field) {
    if (request == null) {
      throw AiFields.invalid(
          "request.missing_body", "a JSON body with " + field + " is required", field);
    }
    return request;
  }
}

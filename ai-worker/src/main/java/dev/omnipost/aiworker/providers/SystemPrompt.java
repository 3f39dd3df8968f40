package dev.omnipost.aiworker.providers;

import java.util.Locale;

/** The instructions an LLM gets with every request: platform, mode, tone and the length limit. */
final class SystemPrompt {

  private SystemPrompt() {}

  static String of(GenerationRequest request) {
    StringBuilder text = new StringBuilder("You write social media posts for a brand. ");
    if (request.platform() != null) {
      text.append("The post is for ").append(request.platform().id()).append(". ");
    }
    text.append("Style: ").append(describe(request.mode())).append(". ");
    if (request.tone() != null && !request.tone().isBlank()) {
      text.append("Tone: ").append(request.tone().strip()).append(". ");
    }
    // ask for a margin below the real limit: models count characters poorly
    int target = Math.max(20, request.limit().max() * 9 / 10);
    text.append("Keep it under ")
        .append(target)
        .append(' ')
        .append(request.limit().unit())
        .append(", hashtags included. Reply with the post text only, no quotes or explanations.");
    return text.toString();
  }

  private static String describe(String mode) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "marketing" -> "marketing copy that sells, with a clear call to action";
      case "personal" -> "a personal, first-person update";
      case "business" -> "a professional business announcement";
      default -> "an engaging social post that invites replies";
    };
  }
}

package dev.omnipost.aiworker.providers.openai;

import dev.omnipost.aiworker.providers.Finding;
import dev.omnipost.aiworker.providers.WritingRequest;
import java.util.List;
import java.util.stream.Collectors;

/** The instructions an LLM gets for each tool: platform, mode, tone and the length limit. */
final class SystemPrompts {

  private SystemPrompts() {}

  static String compose(WritingRequest request) {
    return "You write social media posts for a brand. "
        + context(request)
        + lengthRule(request)
        + " Reply with the post text only, no quotes or explanations.";
  }

  static String rewrite(WritingRequest request) {
    return "You rewrite social media posts in another tone. "
        + context(request)
        + "Keep every fact, name, number, link and hashtag of the user's text; change only the"
        + " wording to match the tone. "
        + lengthRule(request)
        + " Reply with the rewritten text only.";
  }

  static String hashtags(WritingRequest request) {
    return "You suggest hashtags for social media posts. "
        + context(request)
        + "Give up to "
        + request.count()
        + " hashtags made from the key words of the user's text, most relevant first, each"
        + " starting with #, without spaces. Answer in the JSON format you were given.";
  }

  static String thread(WritingRequest request) {
    return "You split long texts into threads of social media posts. "
        + context(request)
        + "Split the user's text into posts in its own order and words, breaking only between"
        + " sentences; each post at most "
        + request.limit().max()
        + " "
        + request.limit().unit()
        + ". Answer in the JSON format you were given.";
  }

  static String ideas(WritingRequest request) {
    return "You suggest ideas for social media posts. "
        + context(request)
        + "Give exactly "
        + request.count()
        + " distinct, concrete post ideas about the user's topic, one sentence each. Answer in"
        + " the JSON format you were given.";
  }

  static String optimize(WritingRequest request, List<Finding> findings) {
    String problems =
        findings.stream()
            .filter(finding -> !finding.ok())
            .map(Finding::message)
            .collect(Collectors.joining("; "));
    return "You improve social media posts. "
        + context(request)
        + (problems.isEmpty() ? "" : "Fix these problems: " + problems + ". ")
        + "Keep the post's content and facts. "
        + lengthRule(request)
        + " Reply with the improved post only.";
  }

  private static String context(WritingRequest request) {
    StringBuilder text = new StringBuilder();
    if (request.platform() != null) {
      text.append("The post is for ").append(request.platform().id()).append(". ");
    }
    text.append("Style: ").append(describe(request.mode())).append(". ");
    text.append("Tone: ").append(request.tone()).append(". ");
    return text.toString();
  }

  /** A margin below the real limit: models count characters poorly. */
  private static String lengthRule(WritingRequest request) {
    int target = Math.max(20, request.limit().max() * 9 / 10);
    return "Keep it under " + target + " " + request.limit().unit() + ", hashtags included.";
  }

  private static String describe(String mode) {
    return switch (mode) {
      case "marketing" -> "marketing copy that sells, with a clear call to action";
      case "personal" -> "a personal, first-person update";
      case "business" -> "a professional business announcement";
      default -> "an engaging social post that invites replies";
    };
  }
}

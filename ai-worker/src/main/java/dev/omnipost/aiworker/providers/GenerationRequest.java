package dev.omnipost.aiworker.providers;

import dev.omnipost.connectors.Platform;
import java.util.List;

/**
 * What to write: a single prompt or a conversation, for which platform, in which mode (social,
 * marketing, personal, business) and tone, within which length.
 *
 * @param prompt the user's prompt, or null when {@code messages} is given
 * @param messages earlier turns, oldest first; empty when {@code prompt} is given
 * @param platform null when the request named none
 * @param mode social, marketing, personal or business
 * @param tone free text such as "friendly" or "professional"; null for neutral
 */
public record GenerationRequest(
    String prompt,
    List<ChatMessage> messages,
    Platform platform,
    String mode,
    String tone,
    LengthLimit limit) {

  public GenerationRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    mode = mode == null || mode.isBlank() ? "social" : mode;
  }

  /** The text the user asked about: the prompt, or the last user message of the conversation. */
  public String subject() {
    if (prompt != null && !prompt.isBlank()) {
      return prompt;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
  }

  /** The same request with a tighter limit, to ask a provider again for a shorter text. */
  public GenerationRequest withLimit(LengthLimit tighter) {
    return new GenerationRequest(prompt, messages, platform, mode, tone, tighter);
  }
}

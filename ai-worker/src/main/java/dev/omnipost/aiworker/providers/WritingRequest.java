package dev.omnipost.aiworker.providers;

import dev.omnipost.connectors.Platform;
import java.util.List;
import java.util.Locale;

/**
 * One writing task for a provider.
 *
 * @param tool what to do
 * @param text the prompt, the text to rewrite, split or optimize, or the topic of the ideas; null
 *     when {@code messages} is given
 * @param messages earlier turns of a conversation, oldest first (generate and compose only)
 * @param platform null when the request named none
 * @param mode social, marketing, personal or business
 * @param tone one of the tones the API accepts (professional by default)
 * @param count how many hashtags or ideas to give; 0 for the other tools
 * @param limit how long each text of the answer may be, counted the platform's way
 */
public record WritingRequest(
    Tool tool,
    String text,
    List<ChatMessage> messages,
    Platform platform,
    String mode,
    String tone,
    int count,
    LengthLimit limit) {

  public static final String DEFAULT_TONE = "professional";

  public WritingRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    mode = mode == null || mode.isBlank() ? "social" : mode.toLowerCase(Locale.ROOT);
    tone = tone == null || tone.isBlank() ? DEFAULT_TONE : tone.toLowerCase(Locale.ROOT);
  }

  /** The text the user asked about: the given text, or the last user message. */
  public String subject() {
    if (text != null && !text.isBlank()) {
      return text;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /** The assistant's last answer in the conversation, or null when there is none. */
  public String lastAssistantMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("assistant".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return null;
  }

  /** The same request with a tighter limit, to ask a provider again for a shorter text. */
  public WritingRequest withLimit(LengthLimit tighter) {
    return new WritingRequest(tool, text, messages, platform, mode, tone, count, tighter);
  }
}

package dev.omnipost.aiworker.providers;

import java.util.List;

/**
 * Writes post text, one method per tool. Implementations are chosen by {@code
 * omnipost.ai.provider}; they fail with {@link ProviderException}, telling whether trying again may
 * help. Answers may overrun the platform's limit: the caller fits them.
 */
public interface TextProvider {

  /** The provider name stored with each generation and shown to API users. */
  String name();

  /** A post from a prompt or a conversation ({@code generate}, {@code compose}). */
  String compose(WritingRequest request);

  /** The text in another tone, with the same content. */
  String rewrite(WritingRequest request);

  /** Up to {@code count} hashtags for the text, each starting with {@code #}. */
  List<String> hashtags(WritingRequest request);

  /** The text as an ordered list of posts, split at sentence boundaries. */
  List<String> thread(WritingRequest request);

  /** {@code count} post ideas about the topic. */
  List<String> ideas(WritingRequest request);

  /** The text improved for the platform, addressing the findings. */
  String optimize(WritingRequest request, List<Finding> findings);
}

package dev.omnipost.aiworker.providers;

/**
 * Writes post text. Implementations are chosen by {@code omnipost.ai.provider}; they fail with
 * {@link TextGenerationException}, telling whether trying again may help.
 */
public interface TextGenerator {

  /** The provider name stored with each generation and shown to API users. */
  String name();

  GeneratedText generate(GenerationRequest request);
}

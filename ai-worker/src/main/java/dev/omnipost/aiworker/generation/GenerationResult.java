package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.Finding;
import java.util.List;

/**
 * What a generation produced: one text ({@code content}), a list ({@code items}: hashtags, thread
 * posts, ideas), an optimized text with its {@code findings}, or an image ({@code png}).
 */
record GenerationResult(
    String content, List<String> items, List<Finding> findings, byte[] png, String provider) {

  static GenerationResult text(String content, String provider) {
    return new GenerationResult(content, null, null, null, provider);
  }

  static GenerationResult list(List<String> items, String provider) {
    return new GenerationResult(null, List.copyOf(items), null, null, provider);
  }

  static GenerationResult optimized(String content, List<Finding> findings, String provider) {
    return new GenerationResult(content, null, List.copyOf(findings), null, provider);
  }

  static GenerationResult image(byte[] png, String provider) {
    return new GenerationResult(null, null, null, png, provider);
  }
}

package dev.omnipost.aiworker.generation;

/**
 * An {@code ai_generations} row still waiting for its answer.
 *
 * @param kind text or image
 * @param tool generate, compose or one of the writing tools
 * @param prompt the tool's input: the prompt, the text, or the topic
 * @param itemCount hashtags or ideas asked for (0 otherwise)
 * @param imageWidth pixels of the image to make (0 for text)
 * @param imageHeight likewise
 */
record PendingGeneration(
    String id,
    String workspaceId,
    String kind,
    String tool,
    String prompt,
    String messagesJson,
    String platform,
    String mode,
    String tone,
    int itemCount,
    int imageWidth,
    int imageHeight,
    int credits) {

  boolean isImage() {
    return "image".equals(kind);
  }
}

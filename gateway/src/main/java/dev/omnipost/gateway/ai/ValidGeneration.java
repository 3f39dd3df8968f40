package dev.omnipost.gateway.ai;

import java.time.Duration;

/**
 * A generation request that passed validation, ready to store.
 *
 * @param tool generate, compose or a writing tool
 * @param kind text or image
 * @param prompt the tool's input (prompt, text or topic); null when {@code messagesJson} is given
 * @param itemCount hashtags or ideas asked for; null for other tools
 * @param imageWidth pixels of the image to make; null for text
 * @param brandId the brand the request names for the generated image's media row
 */
record ValidGeneration(
    String tool,
    String kind,
    String prompt,
    String messagesJson,
    String platform,
    String mode,
    String tone,
    Integer itemCount,
    Integer imageWidth,
    Integer imageHeight,
    String brandId,
    int credits,
    Duration waitFor) {

  static final int TEXT_CREDITS = 1;
  static final int IMAGE_CREDITS = 2;

  /** A writing tool: text, 1 credit. */
  static ValidGeneration tool(
      String tool,
      String input,
      String platform,
      String mode,
      String tone,
      Integer itemCount,
      Duration waitFor) {
    return new ValidGeneration(
        tool,
        "text",
        input,
        null,
        platform,
        mode,
        tone,
        itemCount,
        null,
        null,
        null,
        TEXT_CREDITS,
        waitFor);
  }

  ValidGeneration withItemCount(int count) {
    return new ValidGeneration(
        tool,
        kind,
        prompt,
        messagesJson,
        platform,
        mode,
        tone,
        count,
        imageWidth,
        imageHeight,
        brandId,
        credits,
        waitFor);
  }

  /** The same request with the brand its image's media row gets (null: workspace-wide). */
  ValidGeneration withBrand(String brand) {
    return new ValidGeneration(
        tool,
        kind,
        prompt,
        messagesJson,
        platform,
        mode,
        tone,
        itemCount,
        imageWidth,
        imageHeight,
        brand,
        credits,
        waitFor);
  }

  boolean isImage() {
    return "image".equals(kind);
  }
}

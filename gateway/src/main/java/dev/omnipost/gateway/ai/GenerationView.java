package dev.omnipost.gateway.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.omnipost.events.CloudEventCodec;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An AI generation as the API shows it: {@code content} for a text, {@code items} for hashtags,
 * thread posts and ideas, {@code findings} with an optimized text, and for an image {@code
 * image_url} (a PNG data URI), its size and the {@code media_id} it has in the media library.
 * {@code notice} tells, when the offline provider answered, that no model was involved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerationView(
    String id,
    String type,
    String tool,
    String status,
    String content,
    JsonNode items,
    JsonNode findings,
    String imageUrl,
    String mediaId,
    Integer width,
    Integer height,
    String mediaError,
    String platform,
    String mode,
    String tone,
    String provider,
    String notice,
    Error error,
    int credits,
    Instant createdAt,
    Instant completedAt) {

  static final String OFFLINE_NOTICE =
      "Written by the offline provider from templates and your text's key words, without a language"
          + " model. An operator can configure an OpenAI-compatible provider (omnipost.ai.provider=openai).";

  static final String OFFLINE_IMAGE_NOTICE =
      "Drawn by the offline provider from your prompt's key words, without an image model. An"
          + " operator can configure an OpenAI-compatible provider (omnipost.ai.image-provider=openai).";

  /** Why a generation failed: a stable code and the worker's fixed message for it. */
  record Error(String code, String message) {}

  /** The row as shown; {@code imageUrl} is the image's data URI, null for text. */
  static GenerationView of(GenerationRow row, String imageUrl) {
    JsonNode result =
        row.resultJson() == null ? null : CloudEventCodec.dataMapper().readTree(row.resultJson());
    boolean image = "image".equals(row.kind());
    boolean offline = "offline".equals(row.provider()) && "completed".equals(row.status());
    return new GenerationView(
        row.id(),
        row.kind(),
        row.tool(),
        row.status(),
        row.content(),
        result == null || !result.has("items") ? null : result.get("items"),
        result == null || !result.has("findings") ? null : result.get("findings"),
        imageUrl,
        row.mediaId(),
        image ? row.imageWidth() : null,
        image ? row.imageHeight() : null,
        row.mediaError(),
        row.platform(),
        row.mode(),
        row.tone(),
        row.provider(),
        offline ? (image ? OFFLINE_IMAGE_NOTICE : OFFLINE_NOTICE) : null,
        row.errorCode() == null ? null : new Error(row.errorCode(), row.errorMessage()),
        row.credits(),
        row.createdAt().toInstant(),
        row.completedAt() == null ? null : row.completedAt().toInstant());
  }

  boolean isPending() {
    return "pending".equals(status);
  }
}

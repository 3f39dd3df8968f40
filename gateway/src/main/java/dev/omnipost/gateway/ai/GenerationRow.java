package dev.omnipost.gateway.ai;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/**
 * An {@code ai_generations} row as the gateway reads it: what the API shows, plus what it needs to
 * store a generated image in the media library ({@code imagePng} until it is stored, then {@code
 * mediaId}).
 */
record GenerationRow(
    String id,
    String workspaceId,
    String kind,
    String tool,
    String status,
    String content,
    String resultJson,
    String platform,
    String mode,
    String tone,
    String provider,
    String errorCode,
    String errorMessage,
    int credits,
    Integer imageWidth,
    Integer imageHeight,
    String mediaBrandId,
    byte[] imagePng,
    String mediaId,
    String mediaError,
    OffsetDateTime createdAt,
    OffsetDateTime completedAt) {

  /** The PNG is read only once the generation has left pending: polling stays cheap. */
  static final String COLUMNS =
      "id, workspace_id, kind, tool, status, content, result::text AS result, platform, mode, tone,"
          + " provider, error_code, error_message, credits, image_width, image_height,"
          + " media_brand_id, CASE WHEN status = 'completed' THEN image_png END AS image_png,"
          + " media_id, media_error, created_at, completed_at";

  static GenerationRow fromRow(Readable row) {
    return new GenerationRow(
        row.get("id", String.class),
        row.get("workspace_id", String.class),
        row.get("kind", String.class),
        row.get("tool", String.class),
        row.get("status", String.class),
        row.get("content", String.class),
        row.get("result", String.class),
        row.get("platform", String.class),
        row.get("mode", String.class),
        row.get("tone", String.class),
        row.get("provider", String.class),
        row.get("error_code", String.class),
        row.get("error_message", String.class),
        row.get("credits", Integer.class),
        row.get("image_width", Integer.class),
        row.get("image_height", Integer.class),
        row.get("media_brand_id", String.class),
        bytes(row.get("image_png")),
        row.get("media_id", String.class),
        row.get("media_error", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("completed_at", OffsetDateTime.class));
  }

  boolean isPending() {
    return "pending".equals(status);
  }

  boolean isCompletedImage() {
    return "image".equals(kind) && "completed".equals(status);
  }

  /** A completed image whose PNG still waits to be stored in the media library. */
  boolean awaitsMediaLibrary() {
    return isCompletedImage() && mediaId == null && imagePng != null && mediaError == null;
  }

  private static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] array) {
      return array;
    }
    if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] array = new byte[buffer.remaining()];
      buffer.get(array);
      return array;
    }
    throw new IllegalStateException("unexpected bytea value " + value.getClass());
  }
}

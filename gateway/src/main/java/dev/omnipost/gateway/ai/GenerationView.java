package dev.omnipost.gateway.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * An AI generation as the API shows it. {@code notice} tells, when the offline provider wrote the
 * text, that no language model was involved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerationView(
    String id,
    String type,
    String status,
    String content,
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
      "Written by the offline provider from templates and your prompt's key words, without a language"
          + " model. An operator can configure an OpenAI-compatible provider (omnipost.ai.provider=openai).";

  /** Why a generation failed: a stable code and the worker's fixed message for it. */
  record Error(String code, String message) {}

  static final String COLUMNS =
      "id, kind, status, content, platform, mode, tone, provider, error_code, error_message, credits,"
          + " created_at, completed_at";

  static GenerationView fromRow(Readable row) {
    String provider = row.get("provider", String.class);
    String errorCode = row.get("error_code", String.class);
    OffsetDateTime completedAt = row.get("completed_at", OffsetDateTime.class);
    return new GenerationView(
        row.get("id", String.class),
        row.get("kind", String.class),
        row.get("status", String.class),
        row.get("content", String.class),
        row.get("platform", String.class),
        row.get("mode", String.class),
        row.get("tone", String.class),
        provider,
        "offline".equals(provider) && "completed".equals(row.get("status", String.class))
            ? OFFLINE_NOTICE
            : null,
        errorCode == null ? null : new Error(errorCode, row.get("error_message", String.class)),
        row.get("credits", Integer.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        completedAt == null ? null : completedAt.toInstant());
  }

  boolean isPending() {
    return "pending".equals(status);
  }
}

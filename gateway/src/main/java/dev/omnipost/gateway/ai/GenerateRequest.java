package dev.omnipost.gateway.ai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /v1/ai/generate} and {@code /v1/ai/compose}: a prompt or a conversation
 * (not both), and optionally the platform, mode, tone, type, how many seconds to wait for the
 * result, and for images the aspect or exact size and the brand of the media file.
 */
record GenerateRequest(
    String prompt,
    List<Turn> messages,
    String platform,
    String mode,
    String tone,
    String type,
    String aspect,
    String size,
    String brandId,
    @JsonProperty("wait") Integer waitSeconds) {

  /** One turn of a conversation; role is user or assistant. */
  record Turn(String role, String content) {}
}

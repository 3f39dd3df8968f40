package dev.omnipost.connectors;

import java.util.List;
import java.util.Map;

/**
 * One post for one account.
 *
 * @param idempotencyKey stable across retries of the same target (the target id), passed to
 *     platforms that support idempotency keys so a retry can never double-post
 * @param options the post's {@code platform_options} for this platform
 */
public record PublishRequest(
    String idempotencyKey, String text, List<MediaAttachment> media, Map<String, Object> options) {

  public PublishRequest {
    media = media == null ? List.of() : List.copyOf(media);
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}

package dev.omnipost.gateway.posts;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/posts}. {@code overrides} are keyed by account id or platform id; an
 * account id wins over its platform. {@code scheduledAt} is kept as text so a bad timestamp gets a
 * precise 400. {@code queue} gives each target its account's next free posting-queue slot.
 */
record CreatePostRequest(
    String text,
    List<String> accountIds,
    List<String> mediaIds,
    Map<String, TargetOverride> overrides,
    Map<String, JsonNode> platformOptions,
    String scheduledAt,
    Boolean draft,
    Boolean queue) {

  /** A request that does not queue, for code that builds requests itself (CSV import). */
  CreatePostRequest(
      String text,
      List<String> accountIds,
      List<String> mediaIds,
      Map<String, TargetOverride> overrides,
      Map<String, JsonNode> platformOptions,
      String scheduledAt,
      Boolean draft) {
    this(text, accountIds, mediaIds, overrides, platformOptions, scheduledAt, draft, null);
  }

  /** What one account or platform gets instead of the post's text or media. */
  record TargetOverride(String text, List<String> mediaIds) {}
}

package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.posts.CreatePostRequest.TargetOverride;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /v1/posts/{id}}: the fields of {@link CreatePostRequest}, each left out
 * (or null) to keep what the post has. A list or map replaces the stored one whole ({@code
 * "media_ids": []} removes the media); {@code account_ids} replaces the targets. {@code draft:
 * true} turns a scheduled post back into a draft, {@code draft: false} schedules a draft at its
 * {@code scheduled_at}.
 */
record UpdatePostRequest(
    String text,
    List<String> accountIds,
    List<String> mediaIds,
    Map<String, TargetOverride> overrides,
    Map<String, JsonNode> platformOptions,
    String scheduledAt,
    Boolean draft) {}

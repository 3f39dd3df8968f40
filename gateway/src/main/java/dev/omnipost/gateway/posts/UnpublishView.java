package dev.omnipost.gateway.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /v1/posts/{id}/unpublish}: per target, what the request did. {@code
 * result} is {@code deleting} (the worker deletes it; {@code post.unpublished} follows), {@code
 * deleted} (already gone), {@code unsupported} (the platform cannot delete; {@code error} is {@code
 * platform.unsupported_operation}) or {@code skipped} (never published: nothing to delete).
 */
record UnpublishView(String postId, List<TargetResult> targets) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TargetResult(
      String id,
      String accountId,
      String platform,
      String status,
      String result,
      Map<String, String> error) {}
}

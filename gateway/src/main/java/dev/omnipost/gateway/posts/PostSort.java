package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.ApiException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The orders {@code GET /v1/posts} lists in, newest first, each on a never-null time so the keyset
 * cursor works: {@code scheduled_at} sorts a post that published at once (or a draft without a
 * planned time) at its creation, i.e. by when it goes or went out. {@code from}/{@code to} bound
 * the same time.
 */
enum PostSort {
  CREATED_AT("created_at", "created_at"),
  SCHEDULED_AT("scheduled_at", "COALESCE(scheduled_at, created_at)");

  final String id;

  /** The SQL expression, exactly as the index {@code posts_workspace_scheduled} is defined. */
  final String column;

  PostSort(String id, String column) {
    this.id = id;
    this.column = column;
  }

  /** The time of {@code post} this order sorts it by. */
  Instant keyOf(PostView post) {
    return this == SCHEDULED_AT && post.scheduledAt() != null
        ? post.scheduledAt()
        : post.createdAt();
  }

  /** The {@code sort} parameter; left out it is {@code created_at}. */
  static PostSort of(String value) {
    if (value == null) {
      return CREATED_AT;
    }
    return Arrays.stream(values())
        .filter(sort -> sort.id.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "request.invalid_field",
                    "Unknown sort '" + value + "'",
                    Map.of("field", "sort", "valid_values", ids())));
  }

  static List<String> ids() {
    return Arrays.stream(values()).map(sort -> sort.id).toList();
  }
}

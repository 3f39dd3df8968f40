package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.posts.PostRepository.PostFilter;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Creating and reading posts; creation itself is {@link PostCreator}, shared with batch and import.
 */
@RestController
class PostsController {

  private static final List<String> POST_STATUSES =
      List.of(
          "draft",
          "scheduled",
          "publishing",
          "published",
          "partially_published",
          "failed",
          "canceled");

  private final PostRepository posts;
  private final PostCreator creator;

  PostsController(PostRepository posts, PostCreator creator) {
    this.posts = posts;
    this.creator = creator;
  }

  @PostMapping("/v1/posts")
  @RequiresScope(Scopes.POSTS_WRITE)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<PostView>> create(Caller caller, @RequestBody CreatePostRequest request) {
    return creator.create(caller, request).map(Envelope::of);
  }

  @GetMapping("/v1/posts/{id}")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Envelope<PostView>> get(Caller caller, @PathVariable String id) {
    return posts
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .map(Envelope::of);
  }

  @GetMapping("/v1/posts")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Page<PostView>> list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(name = "brand_id", required = false) String brandId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    if (status != null && !POST_STATUSES.contains(status)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "Unknown post status '" + status + "'",
          Map.of("field", "status", "valid_values", POST_STATUSES));
    }
    String platformId =
        platform == null
            ? null
            : Platform.fromId(platform)
                .map(Platform::id)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "request.invalid_platform",
                            "Unknown platform '" + platform + "'",
                            Map.of("field", "platform", "valid_values", Platform.ids())));
    PostFilter filter =
        new PostFilter(
            status, platformId, accountId, brandId, timestamp("from", from), timestamp("to", to));
    return posts
        .list(caller, filter, after, pageSize + 1)
        .map(rows -> Cursor.page(rows, pageSize, PostView::createdAt, PostView::id));
  }

  private static Instant timestamp(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be an RFC 3339 timestamp",
          Map.of("field", field));
    }
  }
}

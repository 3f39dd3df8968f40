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
import dev.omnipost.gateway.web.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
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
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    PostSort order = PostSort.of(sort);
    Instant fromTime = Timestamps.parse("from", from);
    Instant toTime = Timestamps.parse("to", to);
    if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
      throw ApiException.invalid(
          "request.invalid_field", "from must be before to", Map.of("field", "to"));
    }
    PostFilter filter =
        new PostFilter(
            postStatus(status), platformId(platform), accountId, brandId, fromTime, toTime, order);
    return posts
        .list(caller, filter, after, pageSize + 1)
        .map(rows -> Cursor.page(rows, pageSize, order::keyOf, PostView::id));
  }

  /** A post status, or {@code posted}, which other schedulers call published. */
  private static String postStatus(String status) {
    if (status == null) {
      return null;
    }
    String canonical = "posted".equals(status) ? "published" : status;
    if (!POST_STATUSES.contains(canonical)) {
      List<String> valid = new ArrayList<>(POST_STATUSES);
      valid.add("posted");
      throw ApiException.invalid(
          "request.invalid_field",
          "Unknown post status '" + status + "'",
          Map.of("field", "status", "valid_values", valid));
    }
    return canonical;
  }

  private static String platformId(String platform) {
    if (platform == null) {
      return null;
    }
    return Platform.fromId(platform)
        .map(Platform::id)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "request.invalid_platform",
                    "Unknown platform '" + platform + "'",
                    Map.of("field", "platform", "valid_values", Platform.ids())));
  }
}

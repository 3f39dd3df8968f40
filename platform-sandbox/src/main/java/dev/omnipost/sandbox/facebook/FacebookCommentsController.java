package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MetaError;
import dev.omnipost.sandbox.meta.MetaParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Comments on a Page's posts as the Graph API has them: {@code GET /{object-id}/comments} (a
 * post's: {@code filter=toplevel} by default, {@code stream} for replies too, each reply with its
 * {@code parent}; a comment's: its replies), {@code POST /{object-id}/comments {message}} (the Page
 * comments on its post or answers a comment), {@code POST /{comment-id} {is_hidden}}, {@code
 * POST|DELETE /{comment-id}/likes}; reading and deleting one comment go through {@link
 * FacebookController}'s {@code /{id}}. Only comments on the calling Page's own posts are visible.
 */
@RestController
@RequestMapping("/facebook/{version:v\\d+\\.\\d+}")
class FacebookCommentsController {

  private final FacebookStore store;

  FacebookCommentsController(FacebookStore store) {
    this.store = store;
  }

  @GetMapping("/{objectId}/comments")
  Map<String, Object> comments(
      @PathVariable String objectId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "toplevel") String filter,
      ServerWebExchange exchange) {
    SandboxAccount page = FacebookController.account(exchange);
    Optional<FacebookStore.Comment> parent = store.pageComment(page.accountId(), objectId);
    List<FacebookStore.Comment> found;
    if (parent.isPresent()) {
      found =
          store.comments(parent.get().postId()).stream()
              .filter(c -> objectId.equals(c.parentId()))
              .toList();
    } else {
      FacebookStore.Post post = ownPost(page, objectId, "get");
      boolean stream = filter.equals("stream");
      found =
          store.comments(post.id()).stream().filter(c -> stream || c.parentId() == null).toList();
    }
    return FacebookController.page(found.stream().map(c -> view(c, page, fields)).toList());
  }

  /** The Page comments on its own post, or answers a comment on it: {@code {"id"}}. */
  @PostMapping("/{objectId}/comments")
  Mono<Map<String, Object>> comment(@PathVariable String objectId, ServerWebExchange exchange) {
    SandboxAccount page = FacebookController.account(exchange);
    Optional<FacebookStore.Comment> parent = store.pageComment(page.accountId(), objectId);
    FacebookStore.Post post =
        parent.isPresent()
            ? ownPost(page, parent.get().postId(), "post")
            : ownPost(page, objectId, "post");
    return MetaParams.read(exchange)
        .map(
            params ->
                Map.<String, Object>of(
                    "id",
                    store
                        .commentAsPage(
                            page,
                            post,
                            parent.map(FacebookStore.Comment::id).orElse(null),
                            params.get("message"))
                        .id()));
  }

  /** {@code is_hidden=true|false}: the one field of a comment the Page may change here. */
  @PostMapping("/{commentId}")
  Mono<Map<String, Object>> update(@PathVariable String commentId, ServerWebExchange exchange) {
    SandboxAccount page = FacebookController.account(exchange);
    FacebookStore.Comment comment = ownComment(page, commentId, "post");
    return MetaParams.read(exchange)
        .map(
            params -> {
              String hidden = params.get("is_hidden");
              if (hidden == null || !(hidden.equals("true") || hidden.equals("false"))) {
                throw MetaError.invalidParameter(
                    "(#100) The parameter is_hidden must be true or false");
              }
              store.hide(page.accountId(), comment, Boolean.parseBoolean(hidden));
              return Map.<String, Object>of("success", true);
            });
  }

  @PostMapping("/{commentId}/likes")
  Map<String, Object> like(@PathVariable String commentId, ServerWebExchange exchange) {
    SandboxAccount page = FacebookController.account(exchange);
    store.like(ownComment(page, commentId, "post"), true);
    return Map.of("success", true);
  }

  @DeleteMapping("/{commentId}/likes")
  Map<String, Object> unlike(@PathVariable String commentId, ServerWebExchange exchange) {
    SandboxAccount page = FacebookController.account(exchange);
    store.like(ownComment(page, commentId, "delete"), false);
    return Map.of("success", true);
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  /** A comment as Graph shows it, with the fields asked for. */
  static Map<String, Object> view(
      FacebookStore.Comment comment, SandboxAccount page, String fields) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", comment.id());
    all.put("message", comment.message());
    all.put("from", Map.of("id", comment.fromId(), "name", comment.fromName()));
    all.put("created_time", FacebookController.TIME.format(comment.createdAt()));
    if (comment.parentId() != null) {
      all.put("parent", Map.of("id", comment.parentId()));
    }
    all.put("is_hidden", comment.hidden());
    all.put("user_likes", comment.liked());
    all.put("can_hide", !comment.fromId().equals(page.accountId()));
    return FacebookController.select(all, fields);
  }

  private FacebookStore.Post ownPost(SandboxAccount page, String id, String verb) {
    return store
        .post(id)
        .filter(p -> p.pageId().equals(page.accountId()))
        .orElseThrow(() -> MetaError.noSuchObject(id, verb));
  }

  private FacebookStore.Comment ownComment(SandboxAccount page, String id, String verb) {
    return store
        .pageComment(page.accountId(), id)
        .orElseThrow(() -> MetaError.noSuchObject(id, verb));
  }
}

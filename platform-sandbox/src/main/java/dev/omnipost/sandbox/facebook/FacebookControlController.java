package dev.omnipost.sandbox.facebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for Facebook: comments come from other people, so tests add them here, and read back
 * what the Page did to them.
 */
@RestController
class FacebookControlController {

  private final FacebookStore store;

  FacebookControlController(FacebookStore store) {
    this.store = store;
  }

  /** {@code {post_id, name?, message}}: a comment on a Page post (or a Page video). */
  @PostMapping("/_sandbox/facebook/comments")
  ResponseEntity<Map<String, Object>> addComment(@RequestBody NewComment request) {
    if (request.postId() == null || request.message() == null || request.message().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "post_id and message are required"));
    }
    String name = request.name() == null || request.name().isBlank() ? "Someone" : request.name();
    return store
        .addComment(request.postId(), name, request.message())
        .map(
            c ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", c.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no post " + request.postId())));
  }

  /**
   * Every comment on the post as the Page sees it, for tests to check what the inbox's actions did:
   * {@code [{id, parent_id, from_id, from_name, message, hidden, liked, private_reply}]}.
   */
  @GetMapping("/_sandbox/facebook/comments")
  List<Map<String, Object>> comments(@RequestParam("post_id") String postId) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (FacebookStore.Comment comment : store.comments(postId)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", comment.id());
      view.put("parent_id", comment.parentId());
      view.put("from_id", comment.fromId());
      view.put("from_name", comment.fromName());
      view.put("message", comment.message());
      view.put("hidden", comment.hidden());
      view.put("liked", comment.liked());
      view.put(
          "private_reply",
          store.privateReplyTo(comment.id()).map(FacebookStore.PrivateReply::text).orElse(null));
      views.add(view);
    }
    return views;
  }

  record NewComment(String postId, String name, String message) {}
}

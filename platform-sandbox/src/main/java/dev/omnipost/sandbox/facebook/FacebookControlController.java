package dev.omnipost.sandbox.facebook;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for Facebook: comments come from other people, so tests add them here. */
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

  record NewComment(String postId, String name, String message) {}
}

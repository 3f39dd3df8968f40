package dev.omnipost.sandbox.instagram;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for Instagram: comments arrive from other users, so tests add them here. */
@RestController
class InstagramControlController {

  private final InstagramStore store;

  InstagramControlController(InstagramStore store) {
    this.store = store;
  }

  @PostMapping("/_sandbox/instagram/comments")
  ResponseEntity<Map<String, Object>> addComment(@RequestBody NewComment request) {
    if (request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "text is required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addComment(request.accountId(), request.mediaId(), username, request.text())
        .map(
            c ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", c.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        Map.of(
                            "error",
                            "no media "
                                + request.mediaId()
                                + " for account "
                                + request.accountId())));
  }

  record NewComment(String accountId, String mediaId, String username, String text) {}
}

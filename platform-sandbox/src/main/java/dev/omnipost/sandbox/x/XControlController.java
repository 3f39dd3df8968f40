package dev.omnipost.sandbox.x;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for X: replies come from other users, so tests add them here. */
@RestController
class XControlController {

  private final XStore store;

  XControlController(XStore store) {
    this.store = store;
  }

  @PostMapping("/_sandbox/x/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.text() == null || request.text().isBlank() || request.tweetId() == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "tweet_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addReply(request.tweetId(), username, request.text())
        .map(
            r -> ResponseEntity.status(HttpStatus.CREATED).body(Map.<String, Object>of("id", r.id)))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no tweet " + request.tweetId())));
  }

  record NewReply(String tweetId, String username, String text) {}
}

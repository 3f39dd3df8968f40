package dev.omnipost.sandbox.threads;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for Threads: replies come from other users, so tests add them here. */
@RestController
class ThreadsControlController {

  private final ThreadsStore store;

  ThreadsControlController(ThreadsStore store) {
    this.store = store;
  }

  /** {@code {media_id, username?, text}}: a reply to the thread {@code media_id}. */
  @PostMapping("/_sandbox/threads/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.mediaId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "media_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addReply(request.mediaId(), username, request.text())
        .map(
            r ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", r.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no thread " + request.mediaId())));
  }

  record NewReply(String mediaId, String username, String text) {}
}

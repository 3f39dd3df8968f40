package dev.omnipost.sandbox.instagram;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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

  /** How long new containers stay IN_PROGRESS at least ({@code container_processing_ms}). */
  @PutMapping("/_sandbox/instagram/processing")
  ResponseEntity<Map<String, Object>> processing(@RequestBody Processing request) {
    if (request.containerProcessingMs() == null || request.containerProcessingMs() < 0) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "container_processing_ms must be a number of milliseconds >= 0"));
    }
    store.containerProcessingTime(Duration.ofMillis(request.containerProcessingMs()));
    return ResponseEntity.ok(Map.of("container_processing_ms", request.containerProcessingMs()));
  }

  record Processing(Long containerProcessingMs) {}

  record NewComment(String accountId, String mediaId, String username, String text) {}
}

package dev.omnipost.sandbox.youtube;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for YouTube: comments from viewers on a channel's video. */
@RestController
class YouTubeControlController {

  private final YouTubeStore store;

  YouTubeControlController(YouTubeStore store) {
    this.store = store;
  }

  @PostMapping("/_sandbox/youtube/comments")
  ResponseEntity<Map<String, Object>> addComment(@RequestBody NewComment request) {
    if (request.videoId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "video_id and text are required"));
    }
    String name =
        request.authorName() == null || request.authorName().isBlank()
            ? "Viewer"
            : request.authorName();
    return store
        .addComment(request.videoId(), name, request.text())
        .map(
            c ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", c.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no video " + request.videoId())));
  }

  record NewComment(String videoId, String authorName, String text) {}
}

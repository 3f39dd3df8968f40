package dev.omnipost.sandbox.youtube;

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
 * Control API for YouTube: comments from viewers on a channel's video, and what was done to them.
 */
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

  /**
   * Every comment on the video with its moderation status, replies included, for tests: {@code
   * [{id, parent_id, author_channel_id, text, moderation_status}]}.
   */
  @GetMapping("/_sandbox/youtube/comments")
  List<Map<String, Object>> state(@RequestParam("video_id") String videoId) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (YouTubeStore.Comment comment : store.allComments(videoId)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", comment.id());
      view.put("parent_id", comment.parentId());
      view.put("author_channel_id", comment.authorChannelId());
      view.put("text", comment.text());
      view.put("moderation_status", comment.moderationStatus());
      views.add(view);
    }
    return views;
  }

  record NewComment(String videoId, String authorName, String text) {}
}

package dev.omnipost.sandbox.youtube;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;

/**
 * YouTube's comments under {@code /youtube} as at {@code https://www.googleapis.com}: {@code
 * commentThreads.list} (top-level comments with the asked {@code moderationStatus}, {@code
 * published} by default), {@code comments.insert} (a reply, {@code snippet.parentId}), {@code
 * comments.setModerationStatus} ({@code heldForReview}, {@code published}, {@code rejected}, by the
 * channel that owns the video) and {@code comments.delete} (the author's own comments only: 403
 * {@code forbidden} otherwise, as YouTube answers).
 */
@RestController
@RequestMapping("/youtube")
class YouTubeCommentsController {

  private static final Set<String> MODERATION_STATUSES =
      Set.of(YouTubeStore.PUBLISHED, "heldForReview", "rejected");

  private final YouTubeStore store;

  YouTubeCommentsController(YouTubeStore store) {
    this.store = store;
  }

  @GetMapping("/youtube/v3/commentThreads")
  Map<String, Object> commentThreads(
      @RequestParam(required = false) String videoId,
      @RequestParam(required = false) String allThreadsRelatedToChannelId,
      @RequestParam(defaultValue = "published") String moderationStatus,
      @RequestParam(defaultValue = "20") int maxResults) {
    if ((videoId == null) == (allThreadsRelatedToChannelId == null)) {
      throw new YouTubeErrors(
          400,
          "youtube.parameter",
          "missingRequiredParameter",
          "Exactly one of videoId and allThreadsRelatedToChannelId is required.",
          null);
    }
    if (videoId != null && store.video(videoId).isEmpty()) {
      throw new YouTubeErrors(
          404, "youtube.commentThread", "videoNotFound", "The video could not be found.", null);
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (YouTubeStore.Comment comment :
        store.comments(videoId, allThreadsRelatedToChannelId, moderationStatus).stream()
            .limit(Math.max(1, Math.min(100, maxResults)))
            .toList()) {
      Map<String, Object> snippet = new LinkedHashMap<>();
      snippet.put("channelId", comment.channelId());
      snippet.put("videoId", comment.videoId());
      snippet.put("topLevelComment", resource(comment));
      snippet.put("canReply", true);
      snippet.put("totalReplyCount", 0);
      snippet.put("isPublic", true);
      Map<String, Object> thread = new LinkedHashMap<>();
      thread.put("kind", "youtube#commentThread");
      thread.put("id", comment.id());
      thread.put("snippet", snippet);
      items.add(thread);
    }
    return YouTubeController.list("youtube#commentThreadListResponse", items);
  }

  /** {@code comments.insert?part=snippet} {@code {snippet: {parentId, textOriginal}}}. */
  @PostMapping("/youtube/v3/comments")
  Map<String, Object> insert(
      @RequestParam(required = false) String part,
      @RequestBody JsonNode body,
      ServerWebExchange exchange) {
    if (part == null || !part.contains("snippet")) {
      throw new YouTubeErrors(400, "global", "required", "Required parameter: part", null);
    }
    JsonNode snippet = body.path("snippet");
    String parentId = snippet.path("parentId").asString(null);
    String text = snippet.path("textOriginal").asString(null);
    if (parentId == null || text == null || text.isBlank()) {
      throw new YouTubeErrors(
          400,
          "youtube.comment",
          "invalidCommentMetadata",
          "The request metadata is invalid: snippet.parentId and snippet.textOriginal are required.",
          null);
    }
    SandboxAccount channel = YouTubeController.account(exchange);
    YouTubeStore.Comment parent = channelComment(channel, parentId);
    if (parent.parentId() != null) {
      throw new YouTubeErrors(
          400,
          "youtube.comment",
          "operationNotSupported",
          "Replies can only be made to top-level comments.",
          null);
    }
    return resource(store.reply(channel, parent, text));
  }

  @PostMapping("/youtube/v3/comments/setModerationStatus")
  ResponseEntity<Void> setModerationStatus(
      @RequestParam String id, @RequestParam String moderationStatus, ServerWebExchange exchange) {
    if (!MODERATION_STATUSES.contains(moderationStatus)) {
      throw new YouTubeErrors(
          400,
          "youtube.comment",
          "invalidModerationStatus",
          "The moderation status " + moderationStatus + " is not valid.",
          null);
    }
    store.moderate(channelComment(YouTubeController.account(exchange), id), moderationStatus);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/youtube/v3/comments")
  ResponseEntity<Void> delete(@RequestParam String id, ServerWebExchange exchange) {
    SandboxAccount channel = YouTubeController.account(exchange);
    YouTubeStore.Comment comment = channelComment(channel, id);
    if (!comment.authorChannelId().equals(channel.accountId())) {
      throw YouTubeErrors.forbidden("The comment could not be deleted: only its author can.");
    }
    store.deleteComment(comment);
    return ResponseEntity.noContent().build();
  }

  @ExceptionHandler(YouTubeErrors.class)
  ResponseEntity<String> error(YouTubeErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private YouTubeStore.Comment channelComment(SandboxAccount channel, String id) {
    return store
        .channelComment(channel.accountId(), id)
        .orElseThrow(
            () ->
                new YouTubeErrors(
                    404,
                    "youtube.comment",
                    "commentNotFound",
                    "The comment identified by the id parameter could not be found.",
                    null));
  }

  private static Map<String, Object> resource(YouTubeStore.Comment comment) {
    Map<String, Object> snippet = new LinkedHashMap<>();
    snippet.put("videoId", comment.videoId());
    snippet.put("textDisplay", comment.text());
    snippet.put("textOriginal", comment.text());
    snippet.put("authorDisplayName", comment.authorName());
    snippet.put("authorChannelId", Map.of("value", comment.authorChannelId()));
    if (comment.parentId() != null) {
      snippet.put("parentId", comment.parentId());
    }
    snippet.put("likeCount", 0);
    snippet.put("moderationStatus", comment.moderationStatus());
    snippet.put("publishedAt", DateTimeFormatter.ISO_INSTANT.format(comment.publishedAt()));
    snippet.put("updatedAt", DateTimeFormatter.ISO_INSTANT.format(comment.publishedAt()));
    return Map.of("kind", "youtube#comment", "id", comment.id(), "snippet", snippet);
  }
}

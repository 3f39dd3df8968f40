package dev.omnipost.sandbox.youtube;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * YouTube Data API v3 under {@code /youtube} as if at {@code https://www.googleapis.com}: resumable
 * uploads ({@code POST /upload/youtube/v3/videos?uploadType=resumable} → {@code Location}; {@code
 * PUT} chunks answered 308 with {@code Range} until the last; {@code Content-Range: bytes *}{@code
 * /N} asks how far an upload got), {@code videos.list} (snippet, status, processingDetails,
 * statistics), {@code videos.delete} and {@code search.list?forMine=true}; comments are {@link
 * YouTubeCommentsController}'s.
 */
@RestController
@RequestMapping("/youtube")
class YouTubeController {

  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final Pattern STATUS_QUERY = Pattern.compile("bytes \\*/(\\d+)");
  private static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
  private static final int TITLE_LIMIT = 100;
  private static final int DESCRIPTION_BYTES = 5000;

  private final YouTubeStore store;
  private final YouTubeSettings settings;

  YouTubeController(YouTubeStore store, YouTubeSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** Opens a resumable session for the video's metadata; the bytes follow by {@code PUT}. */
  @PostMapping("/upload/youtube/v3/videos")
  ResponseEntity<Void> startUpload(
      @RequestParam(required = false) String uploadType,
      @RequestParam(required = false) String part,
      @RequestHeader(name = "X-Upload-Content-Length", required = false) Long length,
      @RequestBody(required = false) JsonNode body,
      ServerWebExchange exchange) {
    if (!"resumable".equals(uploadType)) {
      throw new YouTubeErrors(
          400, "global", "badRequest", "The sandbox supports uploadType=resumable only.", null);
    }
    if (part == null || !Arrays.asList(part.split(",")).contains("snippet")) {
      throw new YouTubeErrors(400, "global", "required", "Required parameter: part", null);
    }
    JsonNode snippet = body == null ? null : body.path("snippet");
    String title = snippet == null ? null : snippet.path("title").asString(null);
    if (title == null || title.isBlank()) {
      throw YouTubeErrors.invalid(
          "invalidTitle", "The request metadata specifies an invalid or empty video title.");
    }
    if (title.codePointCount(0, title.length()) > TITLE_LIMIT
        || title.contains("<")
        || title.contains(">")) {
      throw YouTubeErrors.invalid(
          "invalidTitle", "The request metadata specifies an invalid video title.");
    }
    String description = snippet.path("description").asString("");
    if (description.getBytes(StandardCharsets.UTF_8).length > DESCRIPTION_BYTES
        || description.contains("<")
        || description.contains(">")) {
      throw YouTubeErrors.invalid(
          "invalidDescription", "The request metadata specifies an invalid video description.");
    }
    JsonNode status = body.path("status");
    String privacy = status.path("privacyStatus").asString("public");
    if (!PRIVACY.contains(privacy)) {
      throw YouTubeErrors.invalid(
          "invalidVideoMetadata", "The request metadata is invalid: status.privacyStatus.");
    }
    List<String> tags = new ArrayList<>();
    snippet.path("tags").forEach(t -> tags.add(t.asString()));
    var content =
        new YouTubeStore.VideoContent(
            title,
            description,
            tags,
            snippet.path("categoryId").asString("22"),
            privacy,
            status.has("selfDeclaredMadeForKids")
                ? status.path("selfDeclaredMadeForKids").asBoolean()
                : null);
    YouTubeStore.Session session = store.openSession(account(exchange), content, length);
    return ResponseEntity.ok()
        .header(
            HttpHeaders.LOCATION,
            SandboxResponses.origin(exchange)
                + "/youtube/upload/youtube/v3/videos?uploadType=resumable&upload_id="
                + session.id)
        .header("X-GUploader-UploadID", session.id)
        .build();
  }

  /** A chunk, or ({@code bytes *}{@code /N}, no body) the question how far the upload got. */
  @PutMapping("/upload/youtube/v3/videos")
  Mono<ResponseEntity<Object>> upload(
      @RequestParam(name = "upload_id") String uploadId,
      @RequestHeader(name = "Content-Range", required = false) String contentRange,
      ServerWebExchange exchange) {
    return DataBufferUtils.join(exchange.getRequest().getBody())
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .map(bytes -> receive(uploadId, contentRange, bytes));
  }

  private ResponseEntity<Object> receive(String uploadId, String contentRange, byte[] bytes) {
    YouTubeStore.Session session =
        store
            .session(uploadId)
            .orElseThrow(
                () ->
                    new YouTubeErrors(
                        404, "global", "notFound", "The upload session was not found.", null));
    if (contentRange != null) {
      Matcher query = STATUS_QUERY.matcher(contentRange);
      if (query.matches()) {
        return progress(session);
      }
    }
    long first = 0;
    long total = bytes.length;
    if (contentRange != null) {
      Matcher range = RANGE.matcher(contentRange);
      if (!range.matches()) {
        throw new YouTubeErrors(
            400, "global", "badContent", "Failed to parse Content-Range header.", null);
      }
      first = Long.parseLong(range.group(1));
      long last = Long.parseLong(range.group(2));
      total = Long.parseLong(range.group(3));
      if (last - first + 1 != bytes.length) {
        throw new YouTubeErrors(
            400, "global", "badContent", "Content-Range does not match the body's length.", null);
      }
    }
    if (session.videoId != null) {
      return progress(session);
    }
    if (session.declaredLength != null && session.declaredLength != total) {
      throw new YouTubeErrors(
          400,
          "global",
          "badContent",
          "The upload's length differs from X-Upload-Content-Length.",
          null);
    }
    if (first != session.received()) {
      // YouTube answers with how far it got; the client resumes from there.
      return progress(session);
    }
    boolean last = first + bytes.length >= total;
    if (!last && bytes.length % settings.chunkGranularity() != 0) {
      throw new YouTubeErrors(
          400,
          "global",
          "badContent",
          "Every chunk but the last must be a multiple of "
              + settings.chunkGranularity()
              + " bytes.",
          null);
    }
    store.append(session, bytes, total);
    return progress(session);
  }

  /** 308 with {@code Range} (none when nothing arrived) while incomplete; the video once done. */
  private ResponseEntity<Object> progress(YouTubeStore.Session session) {
    if (session.videoId != null) {
      YouTubeStore.Video video = store.video(session.videoId).orElse(null);
      if (video == null) {
        throw YouTubeErrors.videoNotFound();
      }
      return ResponseEntity.status(HttpStatus.CREATED)
          .contentType(MediaType.APPLICATION_JSON)
          .body(resource(video, Set.of("snippet", "status")));
    }
    ResponseEntity.BodyBuilder incomplete = ResponseEntity.status(308);
    if (session.received() > 0) {
      incomplete.header(HttpHeaders.RANGE, "bytes=0-" + (session.received() - 1));
    }
    return incomplete.build();
  }

  @GetMapping("/youtube/v3/videos")
  Map<String, Object> videos(
      @RequestParam String part, @RequestParam String id, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    Set<String> parts = Set.of(part.split(","));
    List<Map<String, Object>> items = new ArrayList<>();
    for (String videoId : id.split(",")) {
      store
          .video(videoId.trim())
          .ifPresent(
              video -> {
                boolean own = video.accountId.equals(account.accountId());
                if (!own && !video.content.privacyStatus().equals("public")) {
                  return;
                }
                if (own && parts.contains("processingDetails")) {
                  store.pollProcessing(video);
                }
                Set<String> visible = new java.util.HashSet<>(parts);
                if (!own) {
                  visible.remove("processingDetails");
                }
                items.add(resource(video, visible));
              });
    }
    return list("youtube#videoListResponse", items);
  }

  @DeleteMapping("/youtube/v3/videos")
  ResponseEntity<Void> delete(@RequestParam String id, ServerWebExchange exchange) {
    if (!store.delete(account(exchange), id)) {
      throw YouTubeErrors.videoNotFound();
    }
    return ResponseEntity.noContent().build();
  }

  /** {@code search.list} for the channel's own videos, newest first. */
  @GetMapping("/youtube/v3/search")
  Map<String, Object> search(
      @RequestParam(required = false) Boolean forMine,
      @RequestParam(required = false) String type,
      @RequestParam(defaultValue = "5") int maxResults,
      ServerWebExchange exchange) {
    if (!Boolean.TRUE.equals(forMine) || !"video".equals(type)) {
      throw new YouTubeErrors(
          400,
          "youtube.search",
          "invalidSearchFilter",
          "The sandbox supports forMine=true&type=video.",
          null);
    }
    if (maxResults < 0 || maxResults > 50) {
      throw new YouTubeErrors(
          400,
          "youtube.parameter",
          "invalidParameter",
          "maxResults must be between 0 and 50.",
          null);
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (YouTubeStore.Video video :
        store.channelVideos(account(exchange).accountId(), maxResults)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", "youtube#searchResult");
      item.put("id", Map.of("kind", "youtube#video", "videoId", video.id));
      item.put("snippet", snippet(video));
      items.add(item);
    }
    return list("youtube#searchListResponse", items);
  }

  @ExceptionHandler(YouTubeErrors.class)
  ResponseEntity<String> error(YouTubeErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private Map<String, Object> resource(YouTubeStore.Video video, Set<String> parts) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "youtube#video");
    json.put("etag", "\"" + Integer.toHexString(video.id.hashCode()) + "\"");
    json.put("id", video.id);
    if (parts.contains("snippet")) {
      json.put("snippet", snippet(video));
    }
    if (parts.contains("status")) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("uploadStatus", video.uploadStatus);
      if (video.uploadStatus.equals("failed")) {
        status.put("failureReason", "invalidFile");
      }
      status.put("privacyStatus", video.content.privacyStatus());
      status.put("license", "youtube");
      status.put("embeddable", true);
      status.put("publicStatsViewable", true);
      if (video.content.madeForKids() != null) {
        status.put("selfDeclaredMadeForKids", video.content.madeForKids());
      }
      json.put("status", status);
    }
    if (parts.contains("processingDetails")) {
      Map<String, Object> processing = new LinkedHashMap<>();
      processing.put("processingStatus", video.processingStatus);
      if (video.processingStatus.equals("failed")) {
        processing.put("processingFailureReason", "transcodeFailed");
      }
      json.put("processingDetails", processing);
    }
    if (parts.contains("statistics")) {
      json.put("statistics", store.statistics(video));
    }
    return json;
  }

  private static Map<String, Object> snippet(YouTubeStore.Video video) {
    Map<String, Object> snippet = new LinkedHashMap<>();
    snippet.put("publishedAt", DateTimeFormatter.ISO_INSTANT.format(video.createdAt));
    snippet.put("channelId", video.accountId);
    snippet.put("title", video.content.title());
    snippet.put("description", video.content.description());
    snippet.put("channelTitle", video.channelTitle);
    snippet.put("tags", video.content.tags());
    snippet.put("categoryId", video.content.categoryId());
    return snippet;
  }

  static Map<String, Object> list(String kind, List<Map<String, Object>> items) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("kind", kind);
    page.put("pageInfo", Map.of("totalResults", items.size(), "resultsPerPage", items.size()));
    page.put("items", items);
    return page;
  }

  static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

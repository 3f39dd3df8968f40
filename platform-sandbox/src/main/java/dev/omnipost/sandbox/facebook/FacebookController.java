package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MediaProbe;
import dev.omnipost.sandbox.meta.MetaError;
import dev.omnipost.sandbox.meta.MetaParams;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Pages part of the Graph API under {@code /facebook/v21.0} (any {@code vNN.0}), as if at
 * {@code https://graph.facebook.com/v21.0}: feed posts (message, link, {@code attached_media} of
 * unpublished photos), photos (fetched from {@code url}), videos ({@code file_url}, processed
 * asynchronously), the Page's feed and videos, nodes by id with {@code fields} (permalink,
 * reaction/comment summaries, shares, video status) and delete; comments are {@link
 * FacebookCommentsController}'s.
 */
@RestController
@RequestMapping("/facebook/{version:v\\d+\\.\\d+}")
class FacebookController {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final FacebookStore store;
  private final MediaProbe probe;

  FacebookController(FacebookStore store, MediaProbe probe) {
    this.store = store;
    this.probe = probe;
  }

  @PostMapping("/{pageId}/feed")
  Mono<Map<String, Object>> createPost(@PathVariable String pageId, ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "post");
    return MetaParams.read(exchange)
        .map(
            params -> {
              FacebookStore.Post post =
                  store.createPost(
                      page, params.get("message"), params.get("link"), attachedMedia(params));
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("id", post.id());
              if (params.getOrDefault("fields", "").contains("permalink_url")) {
                answer.put("permalink_url", FacebookStore.permalink(post));
              }
              return answer;
            });
  }

  /** A photo, fetched from {@code url} first; unpublished ones wait to be attached to a post. */
  @PostMapping("/{pageId}/photos")
  Mono<Map<String, Object>> createPhoto(@PathVariable String pageId, ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "post");
    return MetaParams.read(exchange)
        .flatMap(
            params -> {
              String url = params.get("url");
              if (url == null || url.isBlank()) {
                return Mono.error(MetaError.invalidParameter("(#324) Requires upload file"));
              }
              boolean published = Boolean.parseBoolean(params.getOrDefault("published", "true"));
              String caption = params.getOrDefault("caption", params.get("message"));
              return probe
                  .probe(url)
                  .map(
                      kind -> {
                        if (kind != MediaProbe.Kind.IMAGE) {
                          throw new MetaError(
                              400,
                              "(#324) Missing or invalid image file",
                              "OAuthException",
                              324,
                              null,
                              "The photo could not be fetched from " + url,
                              false);
                        }
                        FacebookStore.Photo photo =
                            store.createPhoto(page, url, caption, published);
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("id", photo.id());
                        if (photo.postId() != null) {
                          answer.put("post_id", photo.postId());
                        }
                        return answer;
                      });
            });
  }

  /** A video by {@code file_url}: accepted at once, processed over the next status reads. */
  @PostMapping("/{pageId}/videos")
  Mono<Map<String, Object>> createVideo(@PathVariable String pageId, ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "post");
    return MetaParams.read(exchange)
        .flatMap(
            params -> {
              String url = params.get("file_url");
              if (url == null || url.isBlank()) {
                return Mono.error(
                    MetaError.invalidParameter("(#100) file_url or source is required"));
              }
              return probe
                  .probe(url)
                  .map(
                      kind -> {
                        if (kind == MediaProbe.Kind.UNREACHABLE) {
                          throw new MetaError(
                              400,
                              "(#100) Failed to fetch the video file",
                              "OAuthException",
                              100,
                              1363030,
                              "The video could not be fetched from " + url,
                              false);
                        }
                        FacebookStore.Video video =
                            store.createVideo(
                                page,
                                url,
                                params.get("description"),
                                kind == MediaProbe.Kind.VIDEO);
                        return Map.<String, Object>of("id", video.id);
                      });
            });
  }

  @GetMapping({"/{pageId}/feed", "/{pageId}/posts", "/{pageId}/published_posts"})
  Map<String, Object> feed(
      @PathVariable String pageId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "25") int limit,
      @RequestParam(required = false) Long since,
      ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "get");
    Instant from = since == null ? null : Instant.ofEpochSecond(since);
    return page(
        store.feed(page.accountId(), Math.max(1, Math.min(limit, 100)), from).stream()
            .map(p -> post(p, fields))
            .toList());
  }

  @GetMapping("/{pageId}/videos")
  Map<String, Object> videos(
      @PathVariable String pageId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "get");
    return page(
        store.videos(page.accountId(), Math.max(1, Math.min(limit, 100))).stream()
            .map(v -> video(v, fields))
            .toList());
  }

  @DeleteMapping("/{id}")
  Map<String, Object> delete(@PathVariable String id, ServerWebExchange exchange) {
    String pageId = account(exchange).accountId();
    if (!store.delete(pageId, id)) {
      store.deleteComment(
          store.pageComment(pageId, id).orElseThrow(() -> MetaError.noSuchObject(id, "delete")));
    }
    return Map.of("success", true);
  }

  /**
   * A post, a video (reading it moves its processing along), a photo, a comment on the Page's posts
   * or the Page itself.
   */
  @GetMapping("/{id}")
  Map<String, Object> node(
      @PathVariable String id,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    SandboxAccount page = account(exchange);
    if (id.equals(page.accountId()) || id.equals("me")) {
      return Map.of("id", page.accountId(), "name", page.username());
    }
    Optional<FacebookStore.Video> video = store.pollVideo(page, id);
    if (video.isPresent()) {
      return video(video.get(), fields);
    }
    Optional<FacebookStore.Post> post = ownPost(exchange, id);
    if (post.isPresent()) {
      return post(post.get(), fields);
    }
    Optional<FacebookStore.Comment> comment = store.pageComment(page.accountId(), id);
    if (comment.isPresent()) {
      return FacebookCommentsController.view(comment.get(), page, fields);
    }
    return store
        .photo(id)
        .filter(p -> p.pageId().equals(page.accountId()))
        .map(p -> select(Map.of("id", p.id(), "created_time", TIME.format(p.createdAt())), fields))
        .orElseThrow(() -> MetaError.noSuchObject(id, "get"));
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private Map<String, Object> post(FacebookStore.Post post, String fields) {
    Map<String, Long> counts = store.counts(post);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", post.id());
    all.put("message", post.message());
    all.put("created_time", TIME.format(post.createdAt()));
    all.put("permalink_url", FacebookStore.permalink(post));
    all.put(
        "reactions",
        Map.of("data", List.of(), "summary", Map.of("total_count", counts.get("reactions"))));
    all.put(
        "comments",
        Map.of("data", List.of(), "summary", Map.of("total_count", counts.get("comments"))));
    all.put("shares", Map.of("count", counts.get("shares")));
    return select(all, fields);
  }

  private Map<String, Object> video(FacebookStore.Video video, String fields) {
    String processing =
        switch (video.status) {
          case "ready" -> "complete";
          case "error" -> "error";
          default -> "in_progress";
        };
    Map<String, Object> processingPhase = new LinkedHashMap<>();
    processingPhase.put("status", processing);
    if (video.status.equals("error")) {
      processingPhase.put(
          "errors",
          List.of(Map.of("code", 1363008, "message", "The video file is not a supported format")));
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("video_status", video.status);
    status.put("uploading_phase", Map.of("status", "complete"));
    status.put("processing_phase", processingPhase);
    status.put(
        "publishing_phase",
        Map.of("status", video.status.equals("ready") ? "complete" : "not_started"));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", video.id);
    all.put("description", video.description);
    all.put("created_time", TIME.format(video.createdAt));
    all.put("permalink_url", "/" + video.page.accountId() + "/videos/" + video.id + "/");
    all.put("status", status);
    if (video.postId != null) {
      store
          .post(video.postId)
          .ifPresent(
              p -> {
                Map<String, Long> counts = store.counts(p);
                all.put(
                    "reactions",
                    Map.of(
                        "data",
                        List.of(),
                        "summary",
                        Map.of("total_count", counts.get("reactions"))));
                all.put(
                    "comments",
                    Map.of(
                        "data",
                        List.of(),
                        "summary",
                        Map.of("total_count", counts.get("comments"))));
              });
    }
    return select(all, fields);
  }

  /**
   * Graph answers the fields asked for ({@code id} always); {@code a.summary(...)} asks for {@code
   * a}.
   */
  static Map<String, Object> select(Map<String, Object> all, String fields) {
    Map<String, Object> wanted = new LinkedHashMap<>();
    wanted.put("id", all.get("id"));
    if (fields == null || fields.isBlank()) {
      return wanted;
    }
    for (String field : fields.split(",")) {
      String name = field.trim().split("[.{(]", 2)[0];
      if (all.containsKey(name)) {
        wanted.put(name, all.get(name));
      }
    }
    return wanted;
  }

  private Optional<FacebookStore.Post> ownPost(ServerWebExchange exchange, String id) {
    String pageId = account(exchange).accountId();
    return store.post(id).filter(p -> p.pageId().equals(pageId));
  }

  /** {@code attached_media} as a JSON array, or as {@code attached_media[0]} ... form fields. */
  private static List<String> attachedMedia(Map<String, String> params) {
    List<String> ids = new ArrayList<>();
    String array = params.get("attached_media");
    if (array != null) {
      JsonNode parsed;
      try {
        parsed = JSON.readTree(array);
      } catch (RuntimeException e) {
        throw MetaError.invalidParameter("(#100) attached_media must be an array of {media_fbid}");
      }
      parsed.forEach(m -> ids.add(m.path("media_fbid").asString()));
    }
    for (int i = 0; params.containsKey("attached_media[" + i + "]"); i++) {
      ids.add(JSON.readTree(params.get("attached_media[" + i + "]")).path("media_fbid").asString());
    }
    return ids;
  }

  static Map<String, Object> page(List<Map<String, Object>> data) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("data", data);
    page.put("paging", Map.of("cursors", Map.of("before", "", "after", "")));
    return page;
  }

  private static SandboxAccount page(ServerWebExchange exchange, String pageId, String verb) {
    SandboxAccount page = account(exchange);
    if (!page.accountId().equals(pageId) && !pageId.equals("me")) {
      throw MetaError.noSuchObject(pageId, verb);
    }
    return page;
  }

  static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

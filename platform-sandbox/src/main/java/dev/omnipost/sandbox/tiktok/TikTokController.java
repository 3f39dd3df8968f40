package dev.omnipost.sandbox.tiktok;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * TikTok's Content Posting API (creator info, video init by file upload or pull from URL, photo
 * init, status fetch) and the Display API's video list and query, under {@code /tiktok} as if at
 * {@code https://open.tiktokapis.com}; plus the upload URL ({@code /tiktok/upload/{publish_id}})
 * that takes the video's chunks as {@code PUT} with {@code Content-Range}.
 */
@RestController
@RequestMapping("/tiktok")
class TikTokController {

  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final long MAX_CHUNK = 64L * 1024 * 1024;
  private static final long MAX_LAST_CHUNK = 128L * 1024 * 1024;
  private static final int TITLE_LIMIT = 2200;
  private static final int PHOTO_TITLE_LIMIT = 90;
  private static final int PHOTO_DESCRIPTION_LIMIT = 4000;
  private static final int MAX_PHOTOS = 35;

  private final TikTokStore store;
  private final TikTokSettings settings;
  private final WebClient fetcher;

  TikTokController(TikTokStore store, TikTokSettings settings, WebClient mediaFetchClient) {
    this.store = store;
    this.settings = settings;
    this.fetcher = mediaFetchClient;
  }

  @PostMapping("/v2/post/publish/creator_info/query/")
  Map<String, Object> creatorInfo(ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("creator_avatar_url", "https://p16.tiktokcdn.com/avatar/" + account.accountId());
    data.put("creator_username", account.username());
    data.put("creator_nickname", account.username());
    data.put("privacy_level_options", store.privacyLevelOptions(account.accountId()));
    data.put("comment_disabled", false);
    data.put("duet_disabled", false);
    data.put("stitch_disabled", false);
    data.put("max_video_post_duration_sec", settings.maxVideoPostDurationSec());
    return TikTokErrors.ok(data);
  }

  @PostMapping(path = "/v2/post/publish/video/init/", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> initVideo(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    JsonNode info = body.path("post_info");
    String privacy = privacyLevel(account, info);
    String title = limited(info, "title", TITLE_LIMIT);
    JsonNode source = body.path("source_info");
    String kind = source.path("source").asString("");
    switch (kind) {
      case "FILE_UPLOAD" -> {
        long size = source.path("video_size").asLong(0);
        long chunk = source.path("chunk_size").asLong(0);
        int count = source.path("total_chunk_count").asInt(0);
        checkChunks(size, chunk, count);
        TikTokStore.Publish publish =
            store.open(
                account,
                new TikTokStore.PublishContent(
                    "VIDEO", kind, title, null, privacy, List.of(), size, chunk, count));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("publish_id", publish.id);
        data.put("upload_url", SandboxResponses.origin(exchange) + "/tiktok/upload/" + publish.id);
        return TikTokErrors.ok(data);
      }
      case "PULL_FROM_URL" -> {
        String url = source.path("video_url").asString(null);
        if (url == null || url.isBlank()) {
          throw TikTokErrors.invalid("source_info.video_url is required for PULL_FROM_URL.");
        }
        TikTokStore.Publish publish =
            store.open(
                account,
                new TikTokStore.PublishContent(
                    "VIDEO", kind, title, null, privacy, List.of(url), 0, 0, 0));
        fetchVideo(url).subscribe(ok -> store.pulled(publish, ok));
        return TikTokErrors.ok(Map.of("publish_id", publish.id));
      }
      default ->
          throw TikTokErrors.invalid("source_info.source must be FILE_UPLOAD or PULL_FROM_URL.");
    }
  }

  @PostMapping(path = "/v2/post/publish/content/init/", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> initContent(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    if (!"PHOTO".equals(body.path("media_type").asString(null))) {
      throw TikTokErrors.invalid("media_type must be PHOTO.");
    }
    String mode = body.path("post_mode").asString("");
    if (!mode.equals("DIRECT_POST") && !mode.equals("MEDIA_UPLOAD")) {
      throw TikTokErrors.invalid("post_mode must be DIRECT_POST or MEDIA_UPLOAD.");
    }
    JsonNode info = body.path("post_info");
    String privacy = privacyLevel(account, info);
    String title = limited(info, "title", PHOTO_TITLE_LIMIT);
    String description = limited(info, "description", PHOTO_DESCRIPTION_LIMIT);
    JsonNode source = body.path("source_info");
    if (!"PULL_FROM_URL".equals(source.path("source").asString(null))) {
      throw TikTokErrors.invalid("source_info.source must be PULL_FROM_URL for photos.");
    }
    List<String> urls = new ArrayList<>();
    source.path("photo_images").forEach(u -> urls.add(u.asString()));
    if (urls.isEmpty() || urls.size() > MAX_PHOTOS) {
      throw TikTokErrors.invalid("source_info.photo_images must hold 1 to 35 URLs.");
    }
    int cover = source.path("photo_cover_index").asInt(0);
    if (cover < 0 || cover >= urls.size()) {
      throw TikTokErrors.invalid("source_info.photo_cover_index is out of range.");
    }
    TikTokStore.Publish publish =
        store.open(
            account,
            new TikTokStore.PublishContent(
                "PHOTO", "PULL_FROM_URL", title, description, privacy, urls, 0, 0, 0));
    Flux.fromIterable(urls)
        .concatMap(this::fetchImage)
        .all(Boolean::booleanValue)
        .subscribe(ok -> store.pulled(publish, ok));
    return TikTokErrors.ok(Map.of("publish_id", publish.id));
  }

  /** One chunk of a file upload; 206 while chunks are missing, 201 once the file is complete. */
  @PutMapping("/upload/{publishId}")
  Mono<ResponseEntity<Void>> upload(
      @PathVariable String publishId,
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
        .map(bytes -> receive(publishId, contentRange, bytes));
  }

  private ResponseEntity<Void> receive(String publishId, String contentRange, byte[] bytes) {
    TikTokStore.Publish publish =
        store.publish(publishId).orElseThrow(() -> TikTokErrors.notFound(publishId));
    TikTokStore.PublishContent content = publish.content;
    Matcher range = contentRange == null ? null : RANGE.matcher(contentRange);
    if (range == null || !range.matches()) {
      throw uploadError("Content-Range must be bytes {first}-{last}/{total}.");
    }
    long first = Long.parseLong(range.group(1));
    long last = Long.parseLong(range.group(2));
    long total = Long.parseLong(range.group(3));
    byte[] chunk = bytes;
    if (total != content.videoSize()
        || last < first
        || last >= total
        || chunk.length != last - first + 1
        || first % content.chunkSize() != 0) {
      throw uploadError(
          "Content-Range " + contentRange + " does not match the video_size and chunk_size.");
    }
    long index = first / content.chunkSize();
    boolean lastChunk = index == content.totalChunkCount() - 1;
    long expected = lastChunk ? total - first : content.chunkSize();
    if (index >= content.totalChunkCount() || chunk.length != expected) {
      throw uploadError("chunk " + index + " must be " + expected + " bytes.");
    }
    boolean complete = store.receive(publish, first, chunk);
    return ResponseEntity.status(complete ? HttpStatus.CREATED : HttpStatus.PARTIAL_CONTENT)
        .build();
  }

  @PostMapping(path = "/v2/post/publish/status/fetch/", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> status(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    String id = body.path("publish_id").asString(null);
    TikTokStore.Publish publish =
        store
            .publish(id)
            .filter(p -> p.accountId.equals(account.accountId()))
            .orElseThrow(() -> TikTokErrors.notFound(id));
    store.poll(publish);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", publish.status);
    if (publish.status.equals("FAILED")) {
      data.put("fail_reason", publish.failReason);
    }
    List<String> publicIds =
        publish.postId != null && publish.content.privacyLevel().equals("PUBLIC_TO_EVERYONE")
            ? List.of(publish.postId)
            : List.of();
    data.put("publicaly_available_post_id", publicIds);
    data.put("uploaded_bytes", publish.uploadedBytes());
    data.put("downloaded_bytes", publish.fileComplete && publish.file == null ? 1 : 0);
    return TikTokErrors.ok(data);
  }

  /** Display API: the creator's public posts, newest first ({@code max_count} ≤ 20). */
  @PostMapping("/v2/video/list/")
  Map<String, Object> list(
      @RequestBody(required = false) JsonNode body, ServerWebExchange exchange) {
    int max = body == null ? 10 : body.path("max_count").asInt(10);
    if (max < 1 || max > 20) {
      throw TikTokErrors.invalid("max_count must be between 1 and 20.");
    }
    List<Map<String, Object>> videos =
        store.posts(account(exchange), Integer.MAX_VALUE).stream()
            .filter(p -> p.content().privacyLevel().equals("PUBLIC_TO_EVERYONE"))
            .limit(max)
            .map(TikTokController::video)
            .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("videos", videos);
    data.put("cursor", 0);
    data.put("has_more", false);
    return TikTokErrors.ok(data);
  }

  /** Display API: the creator's own posts by id, with their counters. */
  @PostMapping("/v2/video/query/")
  Map<String, Object> query(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    List<Map<String, Object>> videos = new ArrayList<>();
    for (JsonNode id : body.path("filters").path("video_ids")) {
      store
          .post(account, id.asString())
          .ifPresent(
              post -> {
                Map<String, Object> video = video(post);
                video.putAll(store.counters(post));
                videos.add(video);
              });
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("videos", videos);
    return TikTokErrors.ok(data);
  }

  @ExceptionHandler(TikTokErrors.class)
  ResponseEntity<String> error(TikTokErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static Map<String, Object> video(TikTokStore.Post post) {
    Map<String, Object> video = new LinkedHashMap<>();
    video.put("id", post.id());
    video.put("title", post.content().title());
    video.put("video_description", post.content().description());
    video.put("create_time", post.createdAt().getEpochSecond());
    video.put("share_url", TikTokStore.permalink(post));
    return video;
  }

  private String privacyLevel(SandboxAccount account, JsonNode info) {
    String level = info.path("privacy_level").asString(null);
    if (level == null || level.isBlank()) {
      throw TikTokErrors.invalid("post_info.privacy_level is required.");
    }
    if (!store.privacyLevelOptions(account.accountId()).contains(level)) {
      throw TikTokErrors.privacyMismatch(level);
    }
    return level;
  }

  private static String limited(JsonNode info, String field, int limit) {
    String value = info.path(field).asString(null);
    if (value != null && value.length() > limit) {
      throw TikTokErrors.invalid(
          "post_info." + field + " must be at most " + limit + " UTF-16 runes.");
    }
    return value;
  }

  /**
   * TikTok's chunk rules: a video under the minimum chunk size is one chunk of its own size;
   * otherwise chunks are 5-64 MB, their count is {@code floor(video_size / chunk_size)} and the
   * last one takes the rest (up to 128 MB).
   */
  private void checkChunks(long size, long chunk, int count) {
    if (size <= 0) {
      throw TikTokErrors.invalid("source_info.video_size must be positive.");
    }
    if (size < settings.minChunkSize()) {
      if (chunk != size || count != 1) {
        throw TikTokErrors.invalid(
            "A video smaller than the minimum chunk size is uploaded in one chunk of video_size.");
      }
      return;
    }
    if (chunk < settings.minChunkSize() || chunk > MAX_CHUNK) {
      throw TikTokErrors.invalid("source_info.chunk_size must be between 5 MB and 64 MB.");
    }
    if (count != size / chunk || size - (count - 1) * chunk > MAX_LAST_CHUNK) {
      throw TikTokErrors.invalid(
          "source_info.total_chunk_count must be floor(video_size / chunk_size).");
    }
  }

  private static TikTokErrors uploadError(String message) {
    return new TikTokErrors(400, "invalid_file_upload", message);
  }

  private Mono<Boolean> fetchVideo(String url) {
    return fetch(
        url,
        response ->
            response.statusCode().is2xxSuccessful()
                ? response.bodyToMono(byte[].class).map(TikTokStore::isVideo)
                : response.releaseBody().thenReturn(false));
  }

  private Mono<Boolean> fetchImage(String url) {
    return fetch(
        url,
        response ->
            response
                .releaseBody()
                .thenReturn(
                    response.statusCode().is2xxSuccessful()
                        && response
                            .headers()
                            .contentType()
                            .map(t -> t.getType().equals("image"))
                            .orElse(false)));
  }

  private Mono<Boolean> fetch(String url, Function<ClientResponse, Mono<Boolean>> check) {
    return Mono.defer(
            () -> {
              URI uri = URI.create(url);
              if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return Mono.just(false);
              }
              return fetcher.get().uri(uri).exchangeToMono(check);
            })
        .timeout(settings.mediaFetchTimeout())
        .onErrorReturn(false)
        .defaultIfEmpty(false);
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

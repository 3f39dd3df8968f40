package dev.omnipost.sandbox.pinterest;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Pinterest API v5: boards, pins (image by URL, or an uploaded video), pin analytics and video
 * media uploads, under {@code /pinterest/v5} as if at {@code https://api.pinterest.com/v5}; plus
 * the upload URL ({@code /pinterest/media-uploads}) standing in for the storage bucket videos go
 * to.
 */
@RestController
@RequestMapping("/pinterest")
class PinterestController {

  /** Pinterest writes times without an offset, in UTC: {@code 2020-01-01T20:10:40}. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final int TITLE_LIMIT = 100;
  private static final int DESCRIPTION_LIMIT = 800;
  private static final int LINK_LIMIT = 2048;
  private static final int ALT_TEXT_LIMIT = 500;

  private final PinterestStore store;
  private final PinterestSettings settings;
  private final WebClient fetcher;

  PinterestController(
      PinterestStore store, PinterestSettings settings, WebClient mediaFetchClient) {
    this.store = store;
    this.settings = settings;
    this.fetcher = mediaFetchClient;
  }

  @GetMapping("/v5/boards")
  Map<String, Object> boards(ServerWebExchange exchange) {
    List<Map<String, Object>> items =
        store.boards(account(exchange)).stream().map(PinterestController::board).toList();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("bookmark", null);
    return page;
  }

  @PostMapping(path = "/v5/boards", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> createBoard(
      @RequestBody JsonNode body, ServerWebExchange exchange) {
    PinterestStore.Board board =
        store.createBoard(
            account(exchange),
            body.path("name").asString(null),
            body.path("description").asString(null));
    return ResponseEntity.status(HttpStatus.CREATED).body(board(board));
  }

  /** Creates a pin; an {@code image_url} is fetched first, as Pinterest does. */
  @PostMapping(path = "/v5/pins", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Map<String, Object>>> createPin(
      @RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    PinterestStore.Board board = store.ownBoard(account, body.path("board_id").asString(null));
    String title = text(body, "title", TITLE_LIMIT);
    String description = text(body, "description", DESCRIPTION_LIMIT);
    String link = text(body, "link", LINK_LIMIT);
    String altText = text(body, "alt_text", ALT_TEXT_LIMIT);
    JsonNode source = body.path("media_source");
    String sourceType = source.path("source_type").asString("");
    switch (sourceType) {
      case "image_url" -> {
        String url = source.path("url").asString(null);
        if (url == null || url.isBlank()) {
          throw PinterestErrors.invalid("media_source.url is required.");
        }
        return fetchable(url)
            .map(
                ok -> {
                  if (!ok) {
                    throw PinterestErrors.invalid(
                        "Sorry we could not fetch the image from " + url + ".");
                  }
                  var content =
                      new PinterestStore.PinContent(
                          title, description, link, altText, url, null, null);
                  return created(store.createPin(account, board, content));
                });
      }
      case "video_id" -> {
        String mediaId = source.path("media_id").asString(null);
        PinterestStore.Video video =
            store.video(account, mediaId).orElseThrow(PinterestErrors::mediaNotFound);
        if (!video.status.equals("succeeded")) {
          throw PinterestErrors.invalid(
              "Media " + mediaId + " is not ready (status " + video.status + ").");
        }
        String cover = source.path("cover_image_url").asString(null);
        if (cover == null && !source.has("cover_image_key_frame_time")) {
          throw PinterestErrors.invalid(
              "media_source.cover_image_url or cover_image_key_frame_time is required.");
        }
        var content =
            new PinterestStore.PinContent(title, description, link, altText, null, mediaId, cover);
        return Mono.just(created(store.createPin(account, board, content)));
      }
      default ->
          throw PinterestErrors.invalid(
              "media_source.source_type must be one of image_url, video_id.");
    }
  }

  @GetMapping("/v5/pins/{id}")
  Map<String, Object> pin(@PathVariable String id, ServerWebExchange exchange) {
    return pin(store.pin(account(exchange), id).orElseThrow(PinterestErrors::pinNotFound));
  }

  @DeleteMapping("/v5/pins/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, ServerWebExchange exchange) {
    if (!store.delete(account(exchange), id)) {
      throw PinterestErrors.pinNotFound();
    }
    return ResponseEntity.noContent().build();
  }

  /** The board's pins, newest first ({@code page_size} 1-250). */
  @GetMapping("/v5/boards/{boardId}/pins")
  Map<String, Object> boardPins(
      @PathVariable String boardId,
      @RequestParam(name = "page_size", defaultValue = "25") int pageSize,
      ServerWebExchange exchange) {
    store.ownBoard(account(exchange), boardId);
    if (pageSize < 1 || pageSize > 250) {
      throw PinterestErrors.invalid("page_size must be between 1 and 250.");
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(
        "items",
        store.boardPins(boardId, pageSize).stream().map(PinterestController::pin).toList());
    page.put("bookmark", null);
    return page;
  }

  @GetMapping("/v5/pins/{id}/analytics")
  Map<String, Object> analytics(
      @PathVariable String id,
      @RequestParam(name = "start_date", required = false) String startDate,
      @RequestParam(name = "end_date", required = false) String endDate,
      @RequestParam(name = "metric_types", required = false) String metricTypes,
      ServerWebExchange exchange) {
    if (startDate == null || endDate == null || metricTypes == null) {
      throw PinterestErrors.invalid("start_date, end_date and metric_types are required.");
    }
    PinterestStore.Pin pin =
        store.pin(account(exchange), id).orElseThrow(PinterestErrors::pinNotFound);
    Map<String, Long> all = store.lifetimeMetrics(pin);
    Map<String, Long> wanted = new LinkedHashMap<>();
    for (String type : metricTypes.split(",")) {
      if (all.containsKey(type.trim())) {
        wanted.put(type.trim(), all.get(type.trim()));
      }
    }
    return Map.of(
        "all",
        Map.of("lifetime_metrics", wanted, "summary_metrics", wanted, "daily_metrics", List.of()));
  }

  @PostMapping(path = "/v5/media", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> registerMedia(
      @RequestBody JsonNode body, ServerWebExchange exchange) {
    if (!"video".equals(body.path("media_type").asString(null))) {
      throw PinterestErrors.invalid("media_type must be video.");
    }
    PinterestStore.Video video = store.registerVideo(account(exchange));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("media_id", video.id);
    json.put("media_type", "video");
    json.put(
        "upload_url", SandboxResponses.origin(exchange) + "/pinterest/media-uploads/" + video.id);
    json.put(
        "upload_parameters",
        Map.of(
            "key", "uploads/" + video.id + ".mp4",
            "policy", "c2FuZGJveA==",
            "x-amz-algorithm", "AWS4-HMAC-SHA256",
            "Content-Type", "multipart/form-data"));
    return ResponseEntity.status(HttpStatus.CREATED).body(json);
  }

  @GetMapping("/v5/media/{id}")
  Map<String, Object> media(@PathVariable String id, ServerWebExchange exchange) {
    PinterestStore.Video video =
        store.pollVideo(account(exchange), id).orElseThrow(PinterestErrors::mediaNotFound);
    return Map.of("media_id", video.id, "media_type", "video", "status", video.status);
  }

  /** The storage bucket's form POST: the upload parameters and then the {@code file}. */
  @PostMapping(path = "/media-uploads/{id}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<Void>> receive(@PathVariable String id, ServerWebExchange exchange) {
    return exchange
        .getMultipartData()
        .flatMap(
            parts -> {
              Part file = parts.getFirst("file");
              if (file == null) {
                return Mono.just(ResponseEntity.badRequest().<Void>build());
              }
              return DataBufferUtils.join(file.content())
                  .map(
                      buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return store
                            .receive(id, bytes)
                            .map(v -> ResponseEntity.noContent().<Void>build())
                            .orElseGet(() -> ResponseEntity.notFound().build());
                      });
            });
  }

  @ExceptionHandler(PinterestErrors.class)
  ResponseEntity<String> error(PinterestErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private Mono<Boolean> fetchable(String url) {
    return Mono.defer(
            () -> {
              URI uri = URI.create(url);
              if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return Mono.just(false);
              }
              return fetcher
                  .get()
                  .uri(uri)
                  .exchangeToMono(
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
            })
        .timeout(settings.mediaFetchTimeout())
        .onErrorReturn(false);
  }

  private static ResponseEntity<Map<String, Object>> created(PinterestStore.Pin pin) {
    return ResponseEntity.status(HttpStatus.CREATED).body(pin(pin));
  }

  private static String text(JsonNode body, String field, int limit) {
    String value = body.path(field).asString(null);
    if (value != null && value.codePointCount(0, value.length()) > limit) {
      throw PinterestErrors.invalid(field + " must be at most " + limit + " characters.");
    }
    return value;
  }

  private static Map<String, Object> board(PinterestStore.Board board) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", board.id());
    json.put("name", board.name());
    json.put("description", board.description());
    json.put("privacy", "PUBLIC");
    json.put("owner", Map.of("username", board.username()));
    return json;
  }

  private static Map<String, Object> pin(PinterestStore.Pin pin) {
    PinterestStore.PinContent content = pin.content();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", pin.id());
    json.put("created_at", TIME.format(pin.createdAt()));
    json.put("link", content.link());
    json.put("title", content.title());
    json.put("description", content.description());
    json.put("alt_text", content.altText());
    json.put("board_id", pin.boardId());
    json.put("board_section_id", null);
    json.put("board_owner", Map.of("username", pin.username()));
    json.put("is_owner", true);
    if (content.imageUrl() != null) {
      json.put("creative_type", "REGULAR");
      json.put(
          "media",
          Map.of(
              "media_type",
              "image",
              "images",
              Map.of(
                  "originals", Map.of("url", content.imageUrl(), "width", 1000, "height", 1500))));
    } else {
      json.put("creative_type", "VIDEO");
      Map<String, Object> media = new LinkedHashMap<>();
      media.put("media_type", "video");
      media.put("cover_image_url", content.coverImageUrl());
      media.put("duration", 10000);
      json.put("media", media);
    }
    return json;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

package dev.omnipost.sandbox.threads;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MediaProbe;
import dev.omnipost.sandbox.meta.MetaError;
import dev.omnipost.sandbox.meta.MetaParams;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The Threads API under {@code /threads/v1.0} (any {@code vN.N}), as if at {@code
 * https://graph.threads.net/v1.0}: media containers (TEXT, IMAGE, VIDEO, carousel items and
 * CAROUSEL), their status, {@code threads_publish}, the user's threads, a thread's replies and
 * insights, delete, and the publishing quota.
 */
@RestController
@RequestMapping("/threads/{version:v\\d+\\.\\d+}")
class ThreadsController {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
  private static final Set<String> MEDIA_TYPES = Set.of("TEXT", "IMAGE", "VIDEO", "CAROUSEL");

  private final ThreadsStore store;
  private final MediaProbe probe;
  private final ThreadsSettings settings;

  ThreadsController(ThreadsStore store, MediaProbe probe, ThreadsSettings settings) {
    this.store = store;
    this.probe = probe;
    this.settings = settings;
  }

  /** Creates a container; an image or video URL is fetched first, as Threads does. */
  @PostMapping("/{userId}/threads")
  Mono<Map<String, Object>> createContainer(
      @PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "post");
    return MetaParams.read(exchange)
        .flatMap(
            params -> {
              String mediaType = params.getOrDefault("media_type", "").toUpperCase();
              if (!MEDIA_TYPES.contains(mediaType)) {
                return Mono.error(
                    MetaError.invalidParameter(
                        "(#100) Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}"));
              }
              String text = params.get("text");
              if (text != null && text.codePointCount(0, text.length()) > settings.textLimit()) {
                return Mono.error(
                    new MetaError(
                        400,
                        "Invalid parameter",
                        "OAuthException",
                        100,
                        2207010,
                        "The text is too long. It can have at most "
                            + settings.textLimit()
                            + " characters.",
                        false));
              }
              boolean item = Boolean.parseBoolean(params.getOrDefault("is_carousel_item", "false"));
              String replyTo = params.get("reply_to_id");
              switch (mediaType) {
                case "TEXT" -> {
                  if (text == null || text.isBlank()) {
                    return Mono.error(
                        MetaError.invalidParameter("(#100) The parameter text is required"));
                  }
                  return Mono.just(
                      idOf(
                          store.createContainer(
                              account, "TEXT", null, text, false, List.of(), replyTo, null)));
                }
                case "CAROUSEL" -> {
                  List<String> children =
                      params.get("children") == null
                          ? List.of()
                          : Arrays.stream(params.get("children").split(","))
                              .map(String::trim)
                              .filter(s -> !s.isEmpty())
                              .toList();
                  if (children.size() < 2 || children.size() > 20) {
                    return Mono.error(
                        MetaError.invalidParameter(
                            "(#100) A carousel needs between 2 and 20 children"));
                  }
                  return Mono.just(
                      idOf(
                          store.createContainer(
                              account, "CAROUSEL", null, text, false, children, replyTo, null)));
                }
                default -> {
                  boolean video = mediaType.equals("VIDEO");
                  String parameter = video ? "video_url" : "image_url";
                  String url = params.get(parameter);
                  if (url == null || url.isBlank()) {
                    return Mono.error(
                        MetaError.invalidParameter(
                            "(#100) The parameter " + parameter + " is required"));
                  }
                  return probe
                      .probe(url)
                      .map(
                          kind -> {
                            String error =
                                switch (kind) {
                                  case UNREACHABLE ->
                                      "FAILED_DOWNLOADING_"
                                          + (video ? "VIDEO" : "IMAGE")
                                          + ": the media could not be fetched from "
                                          + url;
                                  case IMAGE ->
                                      video ? "UNSUPPORTED_VIDEO_FORMAT: not a video" : null;
                                  case VIDEO ->
                                      video ? null : "UNSUPPORTED_IMAGE_FORMAT: not an image";
                                  case OTHER ->
                                      video
                                          ? "UNSUPPORTED_VIDEO_FORMAT: not a video"
                                          : "UNSUPPORTED_IMAGE_FORMAT: not an image";
                                };
                            return idOf(
                                store.createContainer(
                                    account,
                                    mediaType,
                                    url,
                                    item ? null : text,
                                    item,
                                    List.of(),
                                    replyTo,
                                    error));
                          });
                }
              }
            });
  }

  @PostMapping("/{userId}/threads_publish")
  Mono<Map<String, Object>> publish(@PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "post");
    return MetaParams.read(exchange)
        .map(
            params -> {
              String creationId = params.get("creation_id");
              if (creationId == null || creationId.isBlank()) {
                throw MetaError.invalidParameter("(#100) The parameter creation_id is required");
              }
              return Map.<String, Object>of("id", store.publish(account, creationId).id());
            });
  }

  /** The user's threads, newest first; {@code since} in unix seconds. */
  @GetMapping("/{userId}/threads")
  Map<String, Object> threads(
      @PathVariable String userId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "25") int limit,
      @RequestParam(required = false) Long since,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    Instant from = since == null ? null : Instant.ofEpochSecond(since);
    return page(
        store.recent(account, Math.max(1, Math.min(limit, 100)), from).stream()
            .map(m -> media(m, fields))
            .toList());
  }

  @GetMapping("/{userId}/threads_publishing_limit")
  Map<String, Object> publishingLimit(@PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("quota_usage", store.publishedInLastDay(account.accountId()));
    usage.put("config", Map.of("quota_total", settings.publishLimit(), "quota_duration", 86400));
    return Map.of("data", List.of(usage));
  }

  @GetMapping("/{mediaId}/replies")
  Map<String, Object> replies(
      @PathVariable String mediaId,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    ThreadsStore.Media thread =
        store
            .media(account(exchange), mediaId)
            .orElseThrow(() -> MetaError.noSuchObject(mediaId, "get"));
    return page(store.replies(thread.id()).stream().map(r -> media(r, fields)).toList());
  }

  @GetMapping("/{mediaId}/insights")
  Map<String, Object> insights(
      @PathVariable String mediaId,
      @RequestParam(required = false) String metric,
      ServerWebExchange exchange) {
    ThreadsStore.Media thread =
        store
            .media(account(exchange), mediaId)
            .orElseThrow(() -> MetaError.noSuchObject(mediaId, "get"));
    if (metric == null || metric.isBlank()) {
      throw MetaError.invalidParameter("(#100) The parameter metric is required");
    }
    Map<String, Long> all = store.insights(thread);
    List<Map<String, Object>> data =
        Arrays.stream(metric.split(","))
            .map(String::trim)
            .map(
                name -> {
                  if (!all.containsKey(name)) {
                    throw MetaError.invalidParameter(
                        "(#100) metric[0] must be one of the following values: "
                            + String.join(", ", all.keySet()));
                  }
                  Map<String, Object> value = new LinkedHashMap<>();
                  value.put("name", name);
                  value.put("period", "lifetime");
                  value.put("values", List.of(Map.of("value", all.get(name))));
                  value.put("title", name);
                  value.put("id", thread.id() + "/insights/" + name + "/lifetime");
                  return value;
                })
            .toList();
    return Map.of("data", data);
  }

  @DeleteMapping("/{mediaId}")
  Map<String, Object> delete(@PathVariable String mediaId, ServerWebExchange exchange) {
    if (!store.delete(account(exchange), mediaId)) {
      throw MetaError.noSuchObject(mediaId, "delete");
    }
    return Map.of("success", true, "deleted_id", mediaId);
  }

  /** A container's status, a thread, or the user. */
  @GetMapping("/{id}")
  Map<String, Object> node(
      @PathVariable String id,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    if (id.equals(account.accountId()) || id.equals("me")) {
      return Map.of("id", account.accountId(), "username", account.username());
    }
    var container = store.pollContainer(account, id);
    if (container.isPresent()) {
      ThreadsStore.Container c = container.get();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", c.id);
      json.put("status", c.status);
      if (c.error != null) {
        json.put("error_message", c.error);
      }
      return json;
    }
    return store
        .media(account, id)
        .map(m -> media(m, fields))
        .orElseThrow(() -> MetaError.noSuchObject(id, "get"));
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static Map<String, Object> media(ThreadsStore.Media m, String fields) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", m.id());
    all.put("media_product_type", "THREADS");
    all.put("media_type", m.mediaType());
    all.put("text", m.text());
    all.put("permalink", m.permalink());
    all.put("shortcode", m.shortcode());
    all.put("timestamp", TIME.format(m.timestamp()));
    all.put("username", m.account().username());
    all.put("is_reply", m.replyTo() != null);
    if (m.replyTo() != null) {
      all.put("replied_to", Map.of("id", m.replyTo()));
    }
    if (!m.urls().isEmpty()) {
      all.put("media_url", m.urls().get(0));
    }
    if (fields == null || fields.isBlank()) {
      return Map.of("id", m.id());
    }
    Map<String, Object> wanted = new LinkedHashMap<>();
    for (String field : fields.split(",")) {
      if (all.containsKey(field.trim())) {
        wanted.put(field.trim(), all.get(field.trim()));
      }
    }
    return wanted;
  }

  private static Map<String, Object> idOf(ThreadsStore.Container container) {
    return Map.of("id", container.id);
  }

  private static Map<String, Object> page(List<Map<String, Object>> data) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("data", data);
    page.put("paging", Map.of("cursors", Map.of("before", "", "after", "")));
    return page;
  }

  private static SandboxAccount owner(ServerWebExchange exchange, String userId, String verb) {
    SandboxAccount account = account(exchange);
    if (!account.accountId().equals(userId) && !userId.equals("me")) {
      throw MetaError.noSuchObject(userId, verb);
    }
    return account;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

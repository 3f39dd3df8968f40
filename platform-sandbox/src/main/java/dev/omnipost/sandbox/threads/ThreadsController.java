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
 * CAROUSEL; a reply is a container with {@code reply_to_id}), their status, {@code
 * threads_publish}, the user's threads, a thread's replies ({@code /replies} top-level, {@code
 * /conversation} at every depth, cursor-paged) with {@code manage_reply} to hide them, the user's
 * {@code /mentions}, insights, delete (of the user's own threads and replies), and the publishing
 * quota.
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
            .map(m -> media(m, fields, account))
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

  /** The top-level replies of a thread or reply, newest first unless {@code reverse=false}. */
  @GetMapping("/{mediaId}/replies")
  Map<String, Object> replies(
      @PathVariable String mediaId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "true") boolean reverse,
      @RequestParam(defaultValue = "25") int limit,
      @RequestParam(required = false) String after,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    ThreadsStore.Media thread =
        store.media(account, mediaId).orElseThrow(() -> MetaError.noSuchObject(mediaId, "get"));
    return replyPage(store.replies(thread.id()), account, fields, reverse, limit, after, exchange);
  }

  /** Every reply under a thread, top-level and nested, flattened. */
  @GetMapping("/{mediaId}/conversation")
  Map<String, Object> conversation(
      @PathVariable String mediaId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "true") boolean reverse,
      @RequestParam(defaultValue = "25") int limit,
      @RequestParam(required = false) String after,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    ThreadsStore.Media thread =
        store.media(account, mediaId).orElseThrow(() -> MetaError.noSuchObject(mediaId, "get"));
    List<ThreadsStore.Media> all =
        store.conversation(store.rootOf(thread)).stream()
            .filter(m -> thread.replyTo() == null || isUnder(m, thread.id()))
            .toList();
    return replyPage(all, account, fields, reverse, limit, after, exchange);
  }

  /** {@code hide=true|false}: the thread's owner hides or shows a top-level reply. */
  @PostMapping("/{replyId}/manage_reply")
  Mono<Map<String, Object>> manageReply(@PathVariable String replyId, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    return MetaParams.read(exchange)
        .map(
            params -> {
              String hide = params.get("hide");
              if (hide == null || !(hide.equals("true") || hide.equals("false"))) {
                throw MetaError.invalidParameter("(#100) The parameter hide must be true or false");
              }
              store.hide(account, replyId, Boolean.parseBoolean(hide));
              return Map.<String, Object>of("success", true);
            });
  }

  /** Public posts by others that mention the user, newest first; {@code since}/{@code until}. */
  @GetMapping("/{userId}/mentions")
  Map<String, Object> mentions(
      @PathVariable String userId,
      @RequestParam(required = false) String fields,
      @RequestParam(required = false) Long since,
      @RequestParam(required = false) Long until,
      @RequestParam(defaultValue = "25") int limit,
      @RequestParam(required = false) String after,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    if (since != null && until != null && since >= until) {
      throw MetaError.invalidParameter("(#100) The since parameter must be less than until");
    }
    List<Map<String, Object>> all =
        store
            .mentions(
                account.accountId(),
                since == null ? null : Instant.ofEpochSecond(since),
                until == null ? null : Instant.ofEpochSecond(until))
            .stream()
            .map(m -> mention(m, fields))
            .toList();
    return paged(all, limit, after, exchange);
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
        .map(m -> media(m, fields, account))
        .orElseThrow(() -> MetaError.noSuchObject(id, "get"));
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private Map<String, Object> replyPage(
      List<ThreadsStore.Media> replies,
      SandboxAccount viewer,
      String fields,
      boolean reverse,
      int limit,
      String after,
      ServerWebExchange exchange) {
    List<ThreadsStore.Media> ordered = new java.util.ArrayList<>(replies);
    if (reverse) {
      java.util.Collections.reverse(ordered);
    }
    return paged(
        ordered.stream().map(r -> media(r, fields, viewer)).toList(), limit, after, exchange);
  }

  private boolean isUnder(ThreadsStore.Media reply, String ancestorId) {
    ThreadsStore.Media current = reply;
    while (current != null && current.replyTo() != null) {
      if (current.replyTo().equals(ancestorId)) {
        return true;
      }
      current = store.find(current.replyTo()).orElse(null);
    }
    return false;
  }

  /**
   * Graph's cursor paging: {@code limit} items after the {@code after} cursor, with {@code
   * paging.cursors} and a {@code paging.next} URL while there are more.
   */
  private static Map<String, Object> paged(
      List<Map<String, Object>> all, int limit, String after, ServerWebExchange exchange) {
    int size = Math.max(1, Math.min(limit, 100));
    int from = 0;
    if (after != null && !after.isBlank()) {
      try {
        from =
            Integer.parseInt(
                new String(
                    java.util.Base64.getUrlDecoder().decode(after),
                    java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw MetaError.invalidParameter("(#100) The after cursor is not valid: " + after);
      }
    }
    from = Math.max(0, Math.min(from, all.size()));
    int to = Math.min(all.size(), from + size);
    Map<String, Object> cursors = new LinkedHashMap<>();
    cursors.put("before", cursor(from));
    cursors.put("after", cursor(to));
    Map<String, Object> paging = new LinkedHashMap<>();
    paging.put("cursors", cursors);
    if (to < all.size()) {
      paging.put(
          "next",
          org.springframework.web.util.UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
              .replaceQueryParam("after", cursor(to))
              .build()
              .toUriString());
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("data", all.subList(from, to));
    page.put("paging", paging);
    return page;
  }

  private static String cursor(int offset) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.valueOf(offset).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Map<String, Object> mention(ThreadsStore.Mention m, String fields) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", m.id());
    all.put("media_product_type", "THREADS");
    all.put("media_type", "TEXT_POST");
    all.put("text", m.text());
    all.put("permalink", m.permalink());
    all.put("shortcode", m.shortcode());
    all.put("timestamp", TIME.format(m.timestamp()));
    all.put("username", m.username());
    all.put("is_reply", false);
    return select(all, fields);
  }

  private Map<String, Object> media(ThreadsStore.Media m, String fields, SandboxAccount viewer) {
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
      all.put("root_post", Map.of("id", store.rootOf(m)));
      all.put("is_reply_owned_by_me", m.account().accountId().equals(viewer.accountId()));
      all.put("hide_status", store.hidden(m) ? "HIDDEN" : "NOT_HUSHED");
    } else {
      all.put("hide_status", "NOT_HUSHED");
    }
    if (!m.urls().isEmpty()) {
      all.put("media_url", m.urls().get(0));
    }
    return select(all, fields);
  }

  private static Map<String, Object> select(Map<String, Object> all, String fields) {
    if (fields == null || fields.isBlank()) {
      return Map.of("id", all.get("id"));
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

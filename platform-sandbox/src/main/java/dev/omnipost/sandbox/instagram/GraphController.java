package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.SandboxProperties;
import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * Instagram's content publishing and comments endpoints of the Graph API, under {@code
 * /instagram/v21.0} (any {@code vNN.0} is accepted).
 */
@RestController
@RequestMapping("/instagram/{version:v\\d+\\.\\d+}")
class GraphController {

  private final InstagramStore store;
  private final MediaFetcher fetcher;
  private final SandboxProperties.Instagram settings;

  GraphController(InstagramStore store, MediaFetcher fetcher, SandboxProperties properties) {
    this.store = store;
    this.fetcher = fetcher;
    this.settings = properties.instagram();
  }

  /** Creates a container; fetches its media URL first, as Instagram does. */
  @PostMapping("/{userId}/media")
  Mono<Map<String, Object>> createContainer(
      @PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "post");
    return GraphParams.read(exchange)
        .flatMap(
            params -> {
              String caption = params.get("caption");
              if (caption != null
                  && caption.codePointCount(0, caption.length()) > settings.captionLimit()) {
                return Mono.error(GraphError.captionTooLong(settings.captionLimit()));
              }
              String mediaType = params.getOrDefault("media_type", "IMAGE").toUpperCase();
              boolean carouselItem =
                  Boolean.parseBoolean(params.getOrDefault("is_carousel_item", "false"));
              if (mediaType.equals("CAROUSEL")) {
                List<String> children =
                    params.get("children") == null
                        ? List.of()
                        : Arrays.stream(params.get("children").split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
                if (children.size() < 2 || children.size() > 10) {
                  return Mono.error(
                      GraphError.invalidParameter(
                          "(#100) A carousel needs between 2 and 10 children"));
                }
                return Mono.just(
                    idOf(
                        store.createContainer(
                            account, mediaType, null, caption, false, children, null)));
              }
              boolean video = mediaType.equals("REELS") || mediaType.equals("VIDEO");
              String urlParam = video ? "video_url" : "image_url";
              String url = params.get(urlParam);
              if (url == null || url.isBlank()) {
                return Mono.error(
                    GraphError.invalidParameter(
                        "(#100) The parameter " + urlParam + " is required"));
              }
              return fetcher
                  .fetch(url)
                  .switchIfEmpty(Mono.error(() -> GraphError.mediaFetchFailed(url)))
                  .map(
                      type -> {
                        String expected = video ? "video" : "image";
                        String error =
                            type.getType().equals(expected)
                                ? null
                                : "Media type "
                                    + type
                                    + " is not supported; an "
                                    + expected
                                    + " is required (2207026)";
                        return idOf(
                            store.createContainer(
                                account, mediaType, url, caption, carouselItem, List.of(), error));
                      });
            });
  }

  @PostMapping("/{userId}/media_publish")
  Mono<Map<String, Object>> publish(@PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "post");
    return GraphParams.read(exchange)
        .map(
            params -> {
              String creationId = params.get("creation_id");
              if (creationId == null || creationId.isBlank()) {
                throw GraphError.invalidParameter("(#100) The parameter creation_id is required");
              }
              return Map.<String, Object>of(
                  "id", store.publish(account, SandboxResponses.origin(exchange), creationId).id());
            });
  }

  @GetMapping("/{userId}/media")
  Map<String, Object> recentMedia(
      @PathVariable String userId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    List<Map<String, Object>> data =
        store.recentMedia(account, Math.max(1, Math.min(limit, 100))).stream()
            .map(m -> GraphNodes.media(m, fields, store.comments(m).size()))
            .toList();
    return page(data);
  }

  @GetMapping("/{mediaId}/comments")
  Map<String, Object> comments(
      @PathVariable String mediaId,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    InstagramStore.Media media =
        store
            .media(account(exchange), mediaId)
            .orElseThrow(() -> GraphError.noSuchObject(mediaId, "get"));
    return page(store.comments(media).stream().map(c -> GraphNodes.comment(c, fields)).toList());
  }

  @GetMapping("/{userId}/content_publishing_limit")
  Map<String, Object> publishingLimit(
      @PathVariable String userId,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("quota_usage", store.publishedInLastDay(account.accountId()));
    if (fields != null && fields.contains("config")) {
      usage.put("config", Map.of("quota_total", settings.publishLimit(), "quota_duration", 86400));
    }
    return Map.of("data", List.of(usage));
  }

  /** Any node by id: a container, a media, a comment or the user itself. */
  @GetMapping("/{id}")
  Map<String, Object> node(
      @PathVariable String id,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    if (id.equals(account.accountId())) {
      return GraphNodes.user(account, fields, store.recentMedia(account, Integer.MAX_VALUE).size());
    }
    var container = store.pollContainer(account, id);
    if (container.isPresent()) {
      return GraphNodes.container(container.get(), fields);
    }
    var media = store.media(account, id);
    if (media.isPresent()) {
      return GraphNodes.media(media.get(), fields, store.comments(media.get()).size());
    }
    return store
        .comment(account, id)
        .map(c -> GraphNodes.comment(c, fields))
        .orElseThrow(() -> GraphError.noSuchObject(id, "get"));
  }

  @ExceptionHandler(GraphError.class)
  ResponseEntity<String> graphError(GraphError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static Map<String, Object> idOf(InstagramStore.Container container) {
    return Map.of("id", container.id);
  }

  private static Map<String, Object> page(List<Map<String, Object>> data) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("data", data);
    if (!data.isEmpty()) {
      page.put(
          "paging",
          Map.of(
              "cursors",
              Map.of(
                  "before", String.valueOf(data.get(0).get("id")),
                  "after", String.valueOf(data.get(data.size() - 1).get("id")))));
    }
    return page;
  }

  /** The token's account, which must be the user the path names. */
  private static SandboxAccount owner(ServerWebExchange exchange, String userId, String verb) {
    SandboxAccount account = account(exchange);
    if (!account.accountId().equals(userId)) {
      throw GraphError.noSuchObject(userId, verb);
    }
    return account;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

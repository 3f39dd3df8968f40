package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.SandboxProperties;
import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAudience;
import dev.omnipost.sandbox.meta.MetaConversationViews;
import dev.omnipost.sandbox.meta.MetaConversations;
import dev.omnipost.sandbox.meta.MetaError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Instagram's content publishing and comments endpoints of the Graph API, under {@code
 * /instagram/v21.0} (any {@code vNN.0} is accepted).
 */
@RestController
@RequestMapping("/instagram/{version:v\\d+\\.\\d+}")
class GraphController {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private final InstagramStore store;
  private final MediaFetcher fetcher;
  private final SandboxProperties.Instagram settings;
  private final MetaConversations conversations;
  private final SandboxAudience audience;

  GraphController(
      InstagramStore store,
      MediaFetcher fetcher,
      SandboxProperties properties,
      MetaConversations conversations,
      SandboxAudience audience) {
    this.store = store;
    this.fetcher = fetcher;
    this.settings = properties.instagram();
    this.conversations = conversations;
    this.audience = audience;
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

  /**
   * The IG user's insights: {@code metric=reach} (others answer #100) with {@code period=day}, the
   * value of the day so far, in Graph's {@code data[].values[]} shape.
   */
  @GetMapping("/{userId}/insights")
  Map<String, Object> userInsights(
      @PathVariable String userId,
      @RequestParam(required = false) String metric,
      @RequestParam(required = false) String period,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    if (!"reach".equals(metric) || !"day".equals(period)) {
      throw GraphError.invalidParameter(
          "(#100) metric[0] must be one of the following values: reach (with period=day)");
    }
    return Map.of(
        "data",
        List.of(
            Map.of(
                "name",
                "reach",
                "period",
                "day",
                "title",
                "Reach",
                "values",
                List.of(
                    Map.of(
                        "value",
                        audience.reach(account),
                        "end_time",
                        java.time.Instant.now().toString())),
                "id",
                userId + "/insights/reach/day")));
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
    return page(
        store.comments(media).stream()
            .map(c -> GraphNodes.comment(c, store.isHidden(c), fields))
            .toList());
  }

  /** Media others tagged the user in, newest first. */
  @GetMapping("/{userId}/tags")
  Map<String, Object> tags(
      @PathVariable String userId,
      @RequestParam(required = false) String fields,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "get");
    return page(
        store.tags(account.accountId(), Math.max(1, Math.min(limit, 100))).stream()
            .map(t -> GraphNodes.tag(t, fields))
            .toList());
  }

  @GetMapping("/{commentId}/replies")
  Map<String, Object> replies(
      @PathVariable String commentId,
      @RequestParam(required = false) String fields,
      ServerWebExchange exchange) {
    InstagramStore.Comment parent = ownComment(exchange, commentId, "get");
    return page(
        store.replies(parent).stream()
            .map(c -> GraphNodes.comment(c, store.isHidden(c), fields))
            .toList());
  }

  /** The account answers a comment on its media: {@code message} → {@code {"id"}}. */
  @PostMapping("/{commentId}/replies")
  Mono<Map<String, Object>> reply(@PathVariable String commentId, ServerWebExchange exchange) {
    InstagramStore.Comment parent = ownComment(exchange, commentId, "post");
    return GraphParams.read(exchange)
        .map(
            params -> {
              String message = params.get("message");
              if (message == null || message.isBlank()) {
                throw GraphError.invalidParameter("(#100) The parameter message is required");
              }
              return Map.<String, Object>of(
                  "id", store.reply(account(exchange), parent, message).id());
            });
  }

  /** Updates a comment; {@code hide=true|false} is the one field Graph lets the owner change. */
  @PostMapping("/{commentId}")
  Mono<Map<String, Object>> updateComment(
      @PathVariable String commentId, ServerWebExchange exchange) {
    InstagramStore.Comment comment = ownComment(exchange, commentId, "post");
    return GraphParams.read(exchange)
        .map(
            params -> {
              String hide = params.get("hide");
              if (hide == null || !(hide.equals("true") || hide.equals("false"))) {
                throw GraphError.invalidParameter(
                    "(#100) The parameter hide must be true or false");
              }
              store.hide(comment, Boolean.parseBoolean(hide));
              return Map.<String, Object>of("success", true);
            });
  }

  @DeleteMapping("/{commentId}")
  Map<String, Object> deleteComment(@PathVariable String commentId, ServerWebExchange exchange) {
    store.delete(ownComment(exchange, commentId, "delete"));
    return Map.of("success", true);
  }

  /**
   * A private reply: {@code {"recipient":{"comment_id"},"message":{"text"}}} → {@code
   * {"recipient_id","message_id"}}.
   */
  @PostMapping("/{userId}/messages")
  Mono<Map<String, Object>> message(@PathVariable String userId, ServerWebExchange exchange) {
    SandboxAccount account = owner(exchange, userId, "post");
    return GraphParams.read(exchange)
        .map(
            params -> {
              String commentId = jsonField(params.get("recipient"), "comment_id");
              String text = jsonField(params.get("message"), "text");
              String recipientId = jsonField(params.get("recipient"), "id");
              if (commentId == null && recipientId != null) {
                // an answer in an Instagram Direct thread (Send API)
                String attachment = null;
                try {
                  attachment =
                      JSON.readTree(params.getOrDefault("message", "{}"))
                          .path("attachment")
                          .path("payload")
                          .path("url")
                          .asString(null);
                } catch (RuntimeException notJson) {
                  // no attachment
                }
                return MetaConversationViews.send(
                    conversations, "instagram", account, recipientId, text, attachment);
              }
              if (commentId == null) {
                throw GraphError.invalidParameter(
                    "(#100) recipient.comment_id is required (the sandbox only takes private replies)");
              }
              if (text == null || text.isBlank()) {
                throw GraphError.invalidParameter("(#100) message.text is required");
              }
              InstagramStore.PrivateReply reply =
                  store.privateReply(ownComment(exchange, commentId, "post"), text);
              return Map.<String, Object>of(
                  "recipient_id", reply.recipientId(), "message_id", reply.messageId());
            });
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
      return GraphNodes.user(
          account,
          fields,
          store.recentMedia(account, Integer.MAX_VALUE).size(),
          audience.followers(account));
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
        .map(c -> GraphNodes.comment(c, store.isHidden(c), fields))
        .orElseThrow(() -> GraphError.noSuchObject(id, "get"));
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> metaError(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  @ExceptionHandler(GraphError.class)
  ResponseEntity<String> graphError(GraphError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private InstagramStore.Comment ownComment(
      ServerWebExchange exchange, String commentId, String verb) {
    return store
        .comment(account(exchange), commentId)
        .orElseThrow(() -> GraphError.noSuchObject(commentId, verb));
  }

  private static String jsonField(String json, String field) {
    if (json == null) {
      return null;
    }
    try {
      tools.jackson.databind.JsonNode node = JSON.readTree(json);
      return node.hasNonNull(field) ? node.get(field).asString() : null;
    } catch (RuntimeException notJson) {
      return null;
    }
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

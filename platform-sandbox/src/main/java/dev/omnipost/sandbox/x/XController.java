package dev.omnipost.sandbox.x;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * X API v2: tweets (create, delete, lookup, user timeline, mentions, hidden replies), likes, and
 * media upload (simple, and chunked initialize / append / finalize / STATUS), under {@code /x/2} as
 * if at {@code https://api.x.com/2}.
 */
@RestController
@RequestMapping("/x/2")
class XController {

  private static final long EXPIRES_AFTER_SECS = 86_400;

  private final XStore store;
  private final XSettings settings;
  private final Clock clock;

  XController(XStore store, XSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @PostMapping(path = "/tweets", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> createTweet(@RequestBody JsonNode body, ServerWebExchange exchange) {
    List<String> mediaIds = new ArrayList<>();
    body.path("media").path("media_ids").forEach(id -> mediaIds.add(id.asString()));
    JsonNode replyTo = body.path("reply").path("in_reply_to_tweet_id");
    XStore.Tweet tweet =
        store.createTweet(
            account(exchange),
            body.path("text").isString() ? body.path("text").asString() : null,
            mediaIds,
            replyTo.isMissingNode() || replyTo.isNull() ? null : replyTo.asString());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", tweet.id);
    data.put("text", tweet.text);
    data.put("edit_history_tweet_ids", List.of(tweet.id));
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("data", data));
  }

  @DeleteMapping("/tweets/{id}")
  Map<String, Object> deleteTweet(@PathVariable String id, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    XStore.Tweet tweet = store.tweet(id).orElseThrow(() -> XProblems.notFound("tweet", id));
    if (!tweet.accountId.equals(account.accountId())) {
      throw XProblems.notAuthorized("You are not allowed to delete a Tweet of another user.");
    }
    store.delete(account, id);
    return Map.of("data", Map.of("deleted", true));
  }

  /** Hides or shows a reply in a conversation the account started; anything else is a 403. */
  @PutMapping(path = "/tweets/{id}/hidden", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> hide(
      @PathVariable String id, @RequestBody JsonNode body, ServerWebExchange exchange) {
    JsonNode hidden = body.path("hidden");
    if (!hidden.isBoolean()) {
      throw XProblems.invalidRequest("hidden", "The `hidden` field must be true or false.");
    }
    store.hide(account(exchange), id, hidden.asBoolean());
    return Map.of("data", Map.of("hidden", hidden.asBoolean()));
  }

  /** The authenticated user likes a tweet; the path's user must be that user. */
  @PostMapping(path = "/users/{id}/likes", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> like(
      @PathVariable String id, @RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = ownUser(id, exchange);
    JsonNode tweetId = body.path("tweet_id");
    if (!tweetId.isString() || tweetId.asString().isBlank()) {
      throw XProblems.invalidRequest("tweet_id", "The `tweet_id` field is required.");
    }
    store.like(account, tweetId.asString(), true);
    return Map.of("data", Map.of("liked", true));
  }

  @DeleteMapping("/users/{id}/likes/{tweetId}")
  Map<String, Object> unlike(
      @PathVariable String id, @PathVariable String tweetId, ServerWebExchange exchange) {
    store.like(ownUser(id, exchange), tweetId, false);
    return Map.of("data", Map.of("liked", false));
  }

  /** A missing tweet is a 200 with {@code errors}, as X's lookups answer. */
  @GetMapping("/tweets/{id}")
  Map<String, Object> tweet(
      @PathVariable String id,
      @RequestParam(name = "tweet.fields", required = false) String fields) {
    return store
        .tweet(id)
        .<Map<String, Object>>map(t -> Map.of("data", render(t, fields)))
        .orElseGet(
            () ->
                Map.of(
                    "errors",
                    List.of(
                        Map.of(
                            "value",
                            id,
                            "detail",
                            "Could not find tweet with id: [" + id + "].",
                            "title",
                            "Not Found Error",
                            "resource_type",
                            "tweet",
                            "parameter",
                            "id",
                            "resource_id",
                            id,
                            "type",
                            XProblems.PROBLEMS + "resource-not-found"))));
  }

  /** The user's tweets, newest first ({@code max_results} 5-100, {@code start_time}). */
  @GetMapping("/users/{id}/tweets")
  Map<String, Object> timeline(
      @PathVariable String id,
      @RequestParam(name = "max_results", defaultValue = "10") int maxResults,
      @RequestParam(name = "start_time", required = false) String startTime,
      @RequestParam(name = "tweet.fields", required = false) String fields) {
    checkMaxResults(maxResults);
    Instant since = null;
    if (startTime != null) {
      try {
        since = Instant.parse(startTime);
      } catch (DateTimeParseException e) {
        throw XProblems.invalidRequest(
            "start_time",
            "Invalid 'start_time':'" + startTime + "'. 'start_time' must be RFC 3339.");
      }
    }
    return page(store.timeline(id, since, maxResults), fields, Set.of());
  }

  /** Replies to the user's tweets by others, newest first; {@code expansions=author_id}. */
  @GetMapping("/users/{id}/mentions")
  Map<String, Object> mentions(
      @PathVariable String id,
      @RequestParam(name = "max_results", defaultValue = "10") int maxResults,
      @RequestParam(name = "tweet.fields", required = false) String fields,
      @RequestParam(required = false) String expansions) {
    checkMaxResults(maxResults);
    return page(store.mentions(id, maxResults), fields, split(expansions));
  }

  /** Simple upload: multipart {@code media} and {@code media_category}. */
  @PostMapping(path = "/media/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<Map<String, Object>> upload(ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    return exchange
        .getMultipartData()
        .flatMap(
            parts ->
                bytes(parts, "media")
                    .map(
                        file -> {
                          String category = field(parts, "media_category");
                          String type = field(parts, "media_type");
                          if (type == null && parts.getFirst("media") instanceof FilePart part) {
                            MediaType contentType = part.headers().getContentType();
                            type = contentType == null ? null : contentType.toString();
                          }
                          return media(store.upload(account, type, category, file.length), false);
                        }));
  }

  @PostMapping(path = "/media/upload/initialize", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> initialize(@RequestBody JsonNode body, ServerWebExchange exchange) {
    XStore.Media upload =
        store.initialize(
            account(exchange),
            body.path("media_type").asString(null),
            body.path("media_category").asString(null),
            body.path("total_bytes").asLong(0));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", upload.id);
    data.put("media_key", upload.mediaKey());
    data.put("expires_after_secs", EXPIRES_AFTER_SECS);
    return Map.of("data", data);
  }

  @PostMapping(path = "/media/upload/{id}/append", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<Map<String, Object>> append(@PathVariable String id, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    return exchange
        .getMultipartData()
        .flatMap(
            parts ->
                bytes(parts, "media")
                    .map(
                        chunk -> {
                          String index = field(parts, "segment_index");
                          int segment;
                          try {
                            segment = Integer.parseInt(index == null ? "" : index.trim());
                          } catch (NumberFormatException e) {
                            throw XProblems.invalidRequest(
                                "segment_index", "segment_index is required.");
                          }
                          store.append(account, id, segment, chunk);
                          long expiresAt = clock.instant().getEpochSecond() + EXPIRES_AFTER_SECS;
                          return Map.<String, Object>of("data", Map.of("expires_at", expiresAt));
                        }));
  }

  @PostMapping("/media/upload/{id}/finalize")
  Map<String, Object> finalizeUpload(@PathVariable String id, ServerWebExchange exchange) {
    return media(store.finalizeUpload(account(exchange), id), true);
  }

  @GetMapping("/media/upload")
  Map<String, Object> status(
      @RequestParam(required = false) String command,
      @RequestParam(name = "media_id", required = false) String mediaId,
      ServerWebExchange exchange) {
    if (!"STATUS".equals(command) || mediaId == null) {
      throw XProblems.invalidRequest("command", "command=STATUS and media_id are required.");
    }
    return media(store.status(account(exchange), mediaId), true);
  }

  @ExceptionHandler(XProblems.class)
  ResponseEntity<String> problem(XProblems problem) {
    return ResponseEntity.status(problem.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(problem.body());
  }

  private Map<String, Object> media(XStore.Media upload, boolean withProcessing) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", upload.id);
    data.put("media_key", upload.mediaKey());
    data.put("size", upload.totalBytes);
    data.put("expires_after_secs", EXPIRES_AFTER_SECS);
    if (upload.needsProcessing() && !upload.state.equals("uploading")) {
      Map<String, Object> processing = new LinkedHashMap<>();
      processing.put("state", upload.state);
      switch (upload.state) {
        case "pending", "in_progress" -> {
          processing.put("check_after_secs", settings.checkAfterSecs());
          processing.put("progress_percent", upload.state.equals("pending") ? 0 : 50);
        }
        case "failed" -> {
          processing.put("progress_percent", 12);
          processing.put(
              "error",
              Map.of("code", 1, "name", "InvalidMedia", "message", "Unsupported video format"));
        }
        default -> processing.put("progress_percent", 100);
      }
      data.put("processing_info", processing);
    } else if (!withProcessing || upload.state.equals("succeeded")) {
      data.put("image", Map.of("image_type", upload.mediaType, "w", 1200, "h", 675));
    }
    return Map.of("data", data);
  }

  private Map<String, Object> page(List<XStore.Tweet> tweets, String fields, Set<String> expand) {
    Map<String, Object> page = new LinkedHashMap<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("result_count", tweets.size());
    if (!tweets.isEmpty()) {
      page.put("data", tweets.stream().map(t -> render(t, fields)).toList());
      meta.put("newest_id", tweets.get(0).id);
      meta.put("oldest_id", tweets.get(tweets.size() - 1).id);
      if (expand.contains("author_id")) {
        Map<String, Map<String, Object>> users = new LinkedHashMap<>();
        for (XStore.Tweet t : tweets) {
          users.putIfAbsent(
              t.accountId, Map.of("id", t.accountId, "name", t.username, "username", t.username));
        }
        page.put("includes", Map.of("users", List.copyOf(users.values())));
      }
    }
    page.put("meta", meta);
    return page;
  }

  private Map<String, Object> render(XStore.Tweet tweet, String fields) {
    Set<String> wanted = split(fields);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", tweet.id);
    json.put("text", tweet.text);
    json.put("edit_history_tweet_ids", List.of(tweet.id));
    if (wanted.contains("created_at")) {
      json.put(
          "created_at",
          tweet.createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    }
    if (wanted.contains("author_id")) {
      json.put("author_id", tweet.accountId);
    }
    if (wanted.contains("conversation_id")) {
      json.put("conversation_id", tweet.conversationId);
    }
    if (wanted.contains("in_reply_to_user_id") && tweet.inReplyToUserId != null) {
      json.put("in_reply_to_user_id", tweet.inReplyToUserId);
    }
    if (wanted.contains("referenced_tweets") && tweet.replyTo != null) {
      json.put("referenced_tweets", List.of(Map.of("type", "replied_to", "id", tweet.replyTo)));
    }
    if (wanted.contains("attachments") && !tweet.mediaIds.isEmpty()) {
      json.put(
          "attachments",
          Map.of(
              "media_keys",
              tweet.mediaIds.stream()
                  .map(id -> store.media(id).map(XStore.Media::mediaKey).orElse("3_" + id))
                  .toList()));
    }
    if (wanted.contains("public_metrics")) {
      json.put("public_metrics", store.publicMetrics(tweet));
    }
    return json;
  }

  private static void checkMaxResults(int maxResults) {
    if (maxResults < 5 || maxResults > 100) {
      throw XProblems.invalidRequest(
          "max_results",
          "The `max_results` query parameter value [" + maxResults + "] is not between 5 and 100");
    }
  }

  private static Set<String> split(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  private static Mono<byte[]> bytes(MultiValueMap<String, Part> parts, String name) {
    Part part = parts.getFirst(name);
    if (part == null) {
      return Mono.error(XProblems.invalidRequest(name, "The " + name + " field is required."));
    }
    return DataBufferUtils.join(part.content())
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0]);
  }

  private static String field(MultiValueMap<String, Part> parts, String name) {
    return parts.getFirst(name) instanceof FormFieldPart field ? field.value() : null;
  }

  /** X acts only as the authenticated user: another user's id in the path is a 403. */
  private static SandboxAccount ownUser(String userId, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    if (!account.accountId().equals(userId)) {
      throw XProblems.notAuthorized(
          "You are not permitted to perform this action on behalf of user " + userId + ".");
    }
    return account;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

package dev.omnipost.sandbox.linkedin;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
 * LinkedIn's Posts, Images, Social Actions (comments) and Reactions APIs under {@code
 * /linkedin/rest}, as if at {@code https://api.linkedin.com/rest}, plus the upload URLs images are
 * PUT to.
 */
@RestController
@RequestMapping("/linkedin")
class LinkedInController {

  private static final List<String> VISIBILITIES = List.of("PUBLIC", "CONNECTIONS", "LOGGED_IN");
  private static final List<String> REACTIONS =
      List.of("LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT");

  private final LinkedInStore store;

  LinkedInController(LinkedInStore store) {
    this.store = store;
  }

  @PostMapping(path = "/rest/images", params = "action=initializeUpload")
  Map<String, Object> initializeUpload(
      @RequestBody JsonNode body,
      @RequestHeader("LinkedIn-Version") String version,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    String owner = body.path("initializeUploadRequest").path("owner").asString(null);
    if (owner == null) {
      throw LinkedInErrors.invalidInput(
          "/initializeUploadRequest/owner", "MISSING_FIELD", "Field /owner is required");
    }
    if (!store.mayActAs(account, owner)) {
      throw LinkedInErrors.accessDenied("partnerApiImages.CREATE." + version);
    }
    LinkedInStore.Image image = store.initializeUpload(account, owner);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("uploadUrlExpiresAt", image.createdAt.plusSeconds(86_400).toEpochMilli());
    value.put(
        "uploadUrl",
        SandboxResponses.origin(exchange) + LinkedInApiFilter.UPLOADS + image.uploadKey());
    value.put("image", image.urn);
    return Map.of("value", value);
  }

  /** Videos API: one upload part (the sandbox takes the whole file at once). */
  @PostMapping(path = "/rest/videos", params = "action=initializeUpload")
  Map<String, Object> initializeVideoUpload(
      @RequestBody JsonNode body,
      @RequestHeader("LinkedIn-Version") String version,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    JsonNode request = body.path("initializeUploadRequest");
    String owner = request.path("owner").asString(null);
    if (owner == null) {
      throw LinkedInErrors.invalidInput(
          "/initializeUploadRequest/owner", "MISSING_FIELD", "Field /owner is required");
    }
    long size = request.path("fileSizeBytes").asLong(0);
    if (size <= 0) {
      throw LinkedInErrors.invalidInput(
          "/initializeUploadRequest/fileSizeBytes",
          "MISSING_FIELD",
          "Field /fileSizeBytes is required");
    }
    if (!store.mayActAs(account, owner)) {
      throw LinkedInErrors.accessDenied("partnerApiVideos.CREATE." + version);
    }
    LinkedInStore.Image video = store.initializeVideoUpload(account, owner);
    Map<String, Object> part = new LinkedHashMap<>();
    part.put(
        "uploadUrl",
        SandboxResponses.origin(exchange) + LinkedInApiFilter.UPLOADS + video.uploadKey());
    part.put("firstByte", 0);
    part.put("lastByte", size - 1);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("uploadUrlsExpireAt", video.createdAt.plusSeconds(86_400).toEpochMilli());
    value.put("video", video.urn);
    value.put("uploadInstructions", List.of(part));
    value.put("uploadToken", "");
    return Map.of("value", value);
  }

  @PostMapping(path = "/rest/videos", params = "action=finalizeUpload")
  ResponseEntity<Void> finalizeVideoUpload(@RequestBody JsonNode body, ServerWebExchange exchange) {
    JsonNode request = body.path("finalizeUploadRequest");
    String urn = request.path("video").asString(null);
    if (urn == null || !request.path("uploadedPartIds").isArray()) {
      throw LinkedInErrors.invalidInput(
          "/finalizeUploadRequest",
          "MISSING_FIELD",
          "Fields /video and /uploadedPartIds are required");
    }
    if (!store.finalizeVideo(account(exchange), urn)) {
      throw LinkedInErrors.invalidInput(
          "/finalizeUploadRequest/video", "INVALID_VALUE", "Video " + urn + " was not uploaded");
    }
    return ResponseEntity.ok().build();
  }

  @GetMapping("/rest/videos/{urn}")
  Map<String, Object> video(@PathVariable String urn) {
    return image(urn);
  }

  @PutMapping("/dms-uploads/{key}")
  Mono<ResponseEntity<Void>> upload(@PathVariable String key, ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    return DataBufferUtils.join(exchange.getRequest().getBody())
        .map(
            buffer -> {
              int size = buffer.readableByteCount();
              DataBufferUtils.release(buffer);
              return size;
            })
        .defaultIfEmpty(0)
        .map(
            size ->
                store
                    .receive(key, account, size)
                    .map(
                        i ->
                            ResponseEntity.status(HttpStatus.CREATED)
                                // a video part's id, given back at finalizeUpload
                                .header("etag", "\"" + i.uploadKey() + "-" + size + "\"")
                                .<Void>build())
                    .orElseGet(() -> ResponseEntity.notFound().build()));
  }

  @GetMapping("/rest/images/{urn}")
  Map<String, Object> image(@PathVariable String urn) {
    LinkedInStore.Image image =
        store
            .pollImage(urn)
            .orElseThrow(() -> LinkedInErrors.notFound("Image " + urn + " not found"));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("owner", image.owner);
    json.put("status", image.status);
    json.put("id", image.urn);
    return json;
  }

  /** 201 with an empty body; the post's URN is in the {@code x-restli-id} header. */
  @PostMapping(path = "/rest/posts", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Void> create(
      @RequestBody JsonNode body,
      @RequestHeader("LinkedIn-Version") String version,
      ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    String author = body.path("author").asString(null);
    if (author == null) {
      throw LinkedInErrors.invalidInput("/author", "MISSING_FIELD", "Field /author is required");
    }
    if (!store.mayActAs(account, author)) {
      throw LinkedInErrors.accessDenied("partnerApiPostsExternal.CREATE." + version);
    }
    String visibility = body.path("visibility").asString(null);
    if (visibility == null || !VISIBILITIES.contains(visibility)) {
      throw LinkedInErrors.invalidInput(
          "/visibility", "INVALID_ENUM_VALUE", "Field /visibility must be one of " + VISIBILITIES);
    }
    if (!"PUBLISHED".equals(body.path("lifecycleState").asString(null))) {
      throw LinkedInErrors.invalidInput(
          "/lifecycleState", "INVALID_VALUE", "Field /lifecycleState must be PUBLISHED");
    }
    if (body.path("distribution").path("feedDistribution").isMissingNode()) {
      throw LinkedInErrors.invalidInput(
          "/distribution", "MISSING_FIELD", "Field /distribution/feedDistribution is required");
    }
    List<String> images = new ArrayList<>();
    JsonNode content = body.path("content");
    if (content.path("media").has("id")) {
      images.add(content.path("media").path("id").asString());
    }
    JsonNode multi = content.path("multiImage").path("images");
    if (multi.isArray()) {
      if (multi.size() < 2 || multi.size() > 20) {
        throw LinkedInErrors.invalidInput(
            "/content/multiImage/images",
            "INVALID_VALUE",
            "A multi-image post needs between 2 and 20 images");
      }
      multi.forEach(image -> images.add(image.path("id").asString()));
    }
    LinkedInStore.Post post =
        store.create(account, author, body.path("commentary").asString(""), visibility, images);
    return ResponseEntity.status(HttpStatus.CREATED).header("x-restli-id", post.urn()).build();
  }

  @GetMapping("/rest/posts/{urn}")
  Map<String, Object> post(@PathVariable String urn) {
    return render(
        store.post(urn).orElseThrow(() -> LinkedInErrors.notFound("Post " + urn + " not found")));
  }

  /** The FINDER {@code q=author}: the author's posts, newest first. */
  @GetMapping(path = "/rest/posts", params = "q=author")
  Map<String, Object> byAuthor(
      @RequestParam String author,
      @RequestParam(defaultValue = "0") int start,
      @RequestParam(defaultValue = "10") int count,
      ServerWebExchange exchange) {
    if (!store.mayActAs(account(exchange), author)) {
      throw LinkedInErrors.accessDenied("partnerApiPostsExternal.FINDER-author");
    }
    int size = Math.max(1, Math.min(count, 100));
    List<Map<String, Object>> elements =
        store.byAuthor(author, Math.max(0, start), size).stream().map(this::render).toList();
    return Map.of(
        "elements", elements, "paging", Map.of("start", start, "count", size, "links", List.of()));
  }

  /** Always 204: deleting a deleted post is not an error on LinkedIn. */
  @DeleteMapping("/rest/posts/{urn}")
  ResponseEntity<Void> delete(@PathVariable String urn, ServerWebExchange exchange) {
    store.delete(account(exchange), urn);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/rest/socialActions/{urn}")
  Map<String, Object> socialActions(@PathVariable String urn) {
    LinkedInStore.Post post =
        store.post(urn).orElseThrow(() -> LinkedInErrors.notFound("Post " + urn + " not found"));
    long likes = store.likes(post);
    long firstLevel = store.comments(urn).size();
    long comments = store.allComments(urn).size();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "likesSummary",
        Map.of("totalLikes", likes, "aggregatedTotalLikes", likes, "likedByCurrentUser", false));
    json.put(
        "commentsSummary",
        Map.of("totalFirstLevelComments", firstLevel, "aggregatedTotalComments", comments));
    json.put("target", urn);
    return json;
  }

  /**
   * A post's first-level comments, or with a comment's URN the replies under it, oldest first; each
   * with {@code commentsSummary.totalFirstLevelComments}, its replies' count.
   */
  @GetMapping("/rest/socialActions/{urn}/comments")
  Map<String, Object> comments(@PathVariable String urn) {
    if (urn.startsWith("urn:li:comment:")) {
      store.byUrn(urn).orElseThrow(() -> LinkedInErrors.notFound("Comment " + urn + " not found"));
    } else {
      store.post(urn).orElseThrow(() -> LinkedInErrors.notFound("Post " + urn + " not found"));
    }
    List<Map<String, Object>> elements = new ArrayList<>();
    for (LinkedInStore.Comment comment : store.comments(urn)) {
      elements.add(render(comment));
    }
    return Map.of(
        "elements",
        elements,
        "paging",
        Map.of("start", 0, "count", elements.size(), "total", elements.size()));
  }

  /**
   * Comments on a post (path: the post's URN) or answers a comment (path: the comment's URN, and
   * {@code parentComment}); 201 with the comment, its id in {@code x-restli-id}.
   */
  @PostMapping(
      path = "/rest/socialActions/{urn}/comments",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> comment(
      @PathVariable String urn, @RequestBody JsonNode body, ServerWebExchange exchange) {
    String actor = body.path("actor").asString(null);
    String object = body.path("object").asString(null);
    String text = body.path("message").path("text").asString(null);
    String parent = body.path("parentComment").asString(null);
    if (actor == null) {
      throw LinkedInErrors.invalidInput("/actor", "MISSING_FIELD", "Field /actor is required");
    }
    if (object == null) {
      throw LinkedInErrors.invalidInput("/object", "MISSING_FIELD", "Field /object is required");
    }
    if (text == null || text.isBlank()) {
      throw LinkedInErrors.invalidInput(
          "/message/text", "MISSING_FIELD", "Field /message/text is required");
    }
    boolean onComment = urn.startsWith("urn:li:comment:");
    if (onComment ? !urn.equals(parent) : !urn.equals(object)) {
      throw LinkedInErrors.invalidInput(
          onComment ? "/parentComment" : "/object",
          "INVALID_VALUE",
          onComment
              ? "Field /parentComment must be the comment in the path, " + urn
              : "Field /object must be the post in the path, " + urn);
    }
    LinkedInStore.Comment comment = store.comment(account(exchange), actor, object, parent, text);
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("x-restli-id", comment.id())
        .body(render(comment));
  }

  /** The author deletes a comment: 204; 403 for anyone else, 404 for an unknown comment. */
  @DeleteMapping("/rest/socialActions/{urn}/comments/{commentId}")
  ResponseEntity<Void> deleteComment(
      @PathVariable String urn,
      @PathVariable String commentId,
      @RequestParam(required = false) String actor,
      ServerWebExchange exchange) {
    if (actor == null || actor.isBlank()) {
      throw LinkedInErrors.badRequest("Query parameter actor is required");
    }
    store.deleteComment(account(exchange), actor, urn, commentId);
    return ResponseEntity.noContent().build();
  }

  /** {@code actor} reacts to a post or a comment ({@code root}); 201 with the reaction. */
  @PostMapping(path = "/rest/reactions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> react(
      @RequestParam(required = false) String actor,
      @RequestBody JsonNode body,
      ServerWebExchange exchange) {
    if (actor == null || actor.isBlank()) {
      throw LinkedInErrors.badRequest("Query parameter actor is required");
    }
    String root = body.path("root").asString(null);
    if (root == null) {
      throw LinkedInErrors.invalidInput("/root", "MISSING_FIELD", "Field /root is required");
    }
    String type = body.path("reactionType").asString(null);
    if (type == null || !REACTIONS.contains(type)) {
      throw LinkedInErrors.invalidInput(
          "/reactionType", "INVALID_ENUM_VALUE", "Field /reactionType must be one of " + REACTIONS);
    }
    store.react(account(exchange), actor, root, type);
    String id = "urn:li:reaction:(" + actor + "," + root + ")";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("root", root);
    json.put("reactionType", type);
    json.put("created", Map.of("actor", actor));
    return ResponseEntity.status(HttpStatus.CREATED).header("x-restli-id", id).body(json);
  }

  /** {@code DELETE /rest/reactions/(actor:{urn},entity:{urn})}, each URN URL-encoded: 204. */
  @DeleteMapping("/rest/reactions/{key}")
  ResponseEntity<Void> unreact(ServerWebExchange exchange) {
    String raw = exchange.getRequest().getPath().value();
    String key = raw.substring(raw.lastIndexOf('/') + 1);
    int comma = key.indexOf(",entity:");
    if (!key.startsWith("(actor:") || !key.endsWith(")") || comma < 0) {
      throw LinkedInErrors.badRequest(
          "The reaction key must be (actor:{actor urn},entity:{entity urn}), each URL-encoded");
    }
    String actor = decode(key.substring("(actor:".length(), comma));
    String entity = decode(key.substring(comma + ",entity:".length(), key.length() - 1));
    store.unreact(account(exchange), actor, entity);
    return ResponseEntity.noContent().build();
  }

  private Map<String, Object> render(LinkedInStore.Comment comment) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("actor", comment.actorUrn());
    json.put("id", comment.id());
    json.put("message", Map.of("text", comment.text()));
    json.put(
        "created", Map.of("actor", comment.actorUrn(), "time", comment.createdAt().toEpochMilli()));
    json.put("object", comment.postUrn());
    if (comment.parentUrn() != null) {
      json.put("parentComment", comment.parentUrn());
    }
    json.put("$URN", comment.urn());
    long replies = store.comments(comment.urn()).size();
    json.put(
        "commentsSummary",
        Map.of("totalFirstLevelComments", replies, "aggregatedTotalComments", replies));
    return json;
  }

  private static String decode(String value) {
    return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  @ExceptionHandler(LinkedInErrors.class)
  ResponseEntity<String> error(LinkedInErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private Map<String, Object> render(LinkedInStore.Post post) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", post.urn());
    json.put("author", post.author());
    json.put("commentary", post.commentary());
    json.put("visibility", post.visibility());
    json.put(
        "distribution",
        Map.of(
            "feedDistribution",
            "MAIN_FEED",
            "targetEntities",
            List.of(),
            "thirdPartyDistributionChannels",
            List.of()));
    json.put("lifecycleState", "PUBLISHED");
    json.put("isReshareDisabledByAuthor", false);
    json.put("createdAt", post.createdAt().toEpochMilli());
    json.put("publishedAt", post.createdAt().toEpochMilli());
    json.put("lastModifiedAt", post.createdAt().toEpochMilli());
    if (post.imageUrns().size() == 1) {
      json.put("content", Map.of("media", Map.of("id", post.imageUrns().get(0))));
    } else if (post.imageUrns().size() > 1) {
      json.put(
          "content",
          Map.of(
              "multiImage",
              Map.of("images", post.imageUrns().stream().map(id -> Map.of("id", id)).toList())));
    }
    return json;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A Bluesky PDS's XRPC methods under {@code /bluesky/xrpc}, as if at {@code https://bsky.social}:
 * sessions from an app password, blobs, {@code app.bsky.feed.post} records (validated like the
 * lexicon: graphemes, bytes, facet byte ranges, image embeds), and the AppView reads a client needs
 * ({@code getPosts}, {@code getPostThread}, {@code resolveHandle}); likes and threadgates are
 * records too ({@code createRecord}, {@code putRecord}, {@code deleteRecord}).
 */
@RestController
@RequestMapping("/bluesky/xrpc")
class BlueskyController {

  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  private final BlueskyStore store;
  private final SandboxAccounts accounts;
  private final BlueskySettings settings;

  BlueskyController(BlueskyStore store, SandboxAccounts accounts, BlueskySettings settings) {
    this.store = store;
    this.accounts = accounts;
    this.settings = settings;
  }

  /** The identifier is the handle or the DID; the password is the account's app password. */
  @PostMapping("/com.atproto.server.createSession")
  Map<String, Object> createSession(@RequestBody JsonNode body) {
    String identifier = body.path("identifier").asString("");
    String password = body.path("password").asString("");
    SandboxAccount account =
        accounts
            .findByToken(BlueskyStore.PLATFORM, password)
            .filter(
                a -> a.accountId().equals(identifier) || a.username().equalsIgnoreCase(identifier))
            .orElseThrow(BlueskyErrors::authenticationRequired);
    return session(store.createSession(account));
  }

  @PostMapping("/com.atproto.server.refreshSession")
  Map<String, Object> refreshSession(ServerWebExchange exchange) {
    String refreshJwt = exchange.getRequiredAttribute(BlueskyApiFilter.SESSION_ATTRIBUTE);
    return session(
        store
            .refresh(refreshJwt)
            .orElseThrow(() -> new BlueskyErrors(400, "ExpiredToken", "Token has been revoked")));
  }

  @GetMapping("/com.atproto.identity.resolveHandle")
  Map<String, Object> resolveHandle(@RequestParam String handle) {
    return accounts
        .findByUsername(BlueskyStore.PLATFORM, handle)
        .map(a -> Map.<String, Object>of("did", a.accountId()))
        .orElseThrow(() -> BlueskyErrors.invalidRequest("Unable to resolve handle"));
  }

  @PostMapping("/com.atproto.repo.uploadBlob")
  Mono<Map<String, Object>> uploadBlob(ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    String mimeType = type == null ? "application/octet-stream" : type.toString();
    return DataBufferUtils.join(exchange.getRequest().getBody())
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .map(
            bytes -> {
              BlueskyStore.Blob blob = store.uploadBlob(account, mimeType, bytes);
              return Map.<String, Object>of("blob", blobRef(blob));
            });
  }

  /**
   * Posts (a reply carries {@code reply{root, parent}} strong refs), likes ({@code subject}) and
   * threadgates (under the rkey of the account's own root post).
   */
  @PostMapping("/com.atproto.repo.createRecord")
  Map<String, Object> createRecord(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = ownRepo(exchange, body.path("repo").asString(null));
    String collection = body.path("collection").asString(null);
    JsonNode record = body.path("record");
    String rkey = body.path("rkey").asString(null);
    if (!BlueskyStore.POST.equals(collection)) {
      BlueskyRecords.validate(store, account, collection, rkey, record);
      return written(store.putRecord(account, collection, rkey, record, false));
    }
    validatePost(account, record);
    BlueskyRecords.validateReply(record);
    BlueskyStore.Post post = store.createPost(account, rkey, record);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("uri", post.uri());
    answer.put("cid", post.cid());
    answer.put("commit", Map.of("cid", post.cid(), "rev", post.rkey()));
    answer.put("validationStatus", "valid");
    return answer;
  }

  /** Writes a like or threadgate record under its key, replacing what was there. */
  @PostMapping("/com.atproto.repo.putRecord")
  Map<String, Object> putRecord(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = ownRepo(exchange, body.path("repo").asString(null));
    String collection = body.path("collection").asString(null);
    String rkey = body.path("rkey").asString(null);
    if (rkey == null || rkey.isBlank()) {
      throw BlueskyErrors.invalidRequest("Input must have the property \"rkey\"");
    }
    if (BlueskyStore.POST.equals(collection)) {
      throw BlueskyErrors.invalidRequest("The sandbox does not edit " + BlueskyStore.POST);
    }
    JsonNode record = body.path("record");
    BlueskyRecords.validate(store, account, collection, rkey, record);
    return written(store.putRecord(account, collection, rkey, record, true));
  }

  @GetMapping("/com.atproto.repo.getRecord")
  Map<String, Object> getRecord(
      @RequestParam String repo,
      @RequestParam String collection,
      @RequestParam String rkey,
      ServerWebExchange exchange) {
    String uri = "at://" + repo + "/" + collection + "/" + rkey;
    if (!BlueskyStore.POST.equals(collection)) {
      return store
          .record(uri)
          .map(r -> Map.<String, Object>of("uri", r.uri(), "cid", r.cid(), "value", r.value()))
          .orElseThrow(() -> BlueskyErrors.recordNotFound(uri));
    }
    return store
        .post(uri)
        .map(BlueskyController::recordView)
        .orElseThrow(() -> BlueskyErrors.recordNotFound(uri));
  }

  /** The repo's records, newest first. */
  @GetMapping("/com.atproto.repo.listRecords")
  Map<String, Object> listRecords(
      @RequestParam String repo,
      @RequestParam String collection,
      @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 100) {
      throw BlueskyErrors.invalidRequest("limit must be between 1 and 100");
    }
    List<Map<String, Object>> records =
        BlueskyStore.POST.equals(collection)
            ? store.recentPosts(repo, limit).stream().map(BlueskyController::recordView).toList()
            : List.of();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("records", records);
    if (records.size() == limit) {
      page.put("cursor", store.recentPosts(repo, limit).get(limit - 1).rkey());
    }
    return page;
  }

  /** Deleting a record that is not there is not an error on a PDS. */
  @PostMapping("/com.atproto.repo.deleteRecord")
  Map<String, Object> deleteRecord(@RequestBody JsonNode body, ServerWebExchange exchange) {
    SandboxAccount account = ownRepo(exchange, body.path("repo").asString(null));
    String collection = body.path("collection").asString(BlueskyStore.POST);
    if (BlueskyStore.POST.equals(collection)) {
      store.delete(account.accountId(), body.path("rkey").asString(""));
    } else {
      store.deleteRecord(account.accountId(), collection, body.path("rkey").asString(""));
    }
    return Map.of("commit", Map.of("cid", "bafyreisandbox", "rev", "sandbox"));
  }

  @GetMapping("/app.bsky.feed.getPosts")
  Map<String, Object> getPosts(@RequestParam List<String> uris, ServerWebExchange exchange) {
    SandboxAccount viewer = account(exchange);
    if (uris.size() > 25) {
      throw BlueskyErrors.invalidRequest("uris must not have more than 25 elements");
    }
    return Map.of(
        "posts",
        uris.stream().flatMap(u -> store.post(u).stream()).map(p -> postView(p, viewer)).toList());
  }

  /**
   * The thread under a post, {@code depth} levels of replies (default 6, at most 1000); {@code
   * threadgate} when the thread's root has one (its {@code hiddenReplies} are still listed, as the
   * AppView lists them for the client to fold away).
   */
  @GetMapping("/app.bsky.feed.getPostThread")
  Map<String, Object> getPostThread(
      @RequestParam String uri,
      @RequestParam(defaultValue = "6") int depth,
      ServerWebExchange exchange) {
    if (depth < 0 || depth > 1000) {
      throw BlueskyErrors.invalidRequest("depth must be between 0 and 1000");
    }
    BlueskyStore.Post post =
        store
            .post(uri)
            .orElseThrow(() -> new BlueskyErrors(400, "NotFound", "Post not found: " + uri));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("thread", thread(post, depth, account(exchange)));
    String rootUri = post.record().path("reply").path("root").path("uri").asString(post.uri());
    store
        .post(rootUri)
        .flatMap(store::threadgate)
        .ifPresent(
            g ->
                answer.put(
                    "threadgate",
                    Map.of(
                        "uri", g.uri(), "cid", g.cid(), "record", g.value(), "lists", List.of())));
    return answer;
  }

  @ExceptionHandler(BlueskyErrors.class)
  ResponseEntity<String> error(BlueskyErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private void validatePost(SandboxAccount account, JsonNode record) {
    String prefix = "Invalid app.bsky.feed.post record: ";
    if (!BlueskyStore.POST.equals(record.path("$type").asString(null))) {
      throw BlueskyErrors.invalidRequest(prefix + "Record/$type must be " + BlueskyStore.POST);
    }
    if (!record.path("text").isString() || !record.path("createdAt").isString()) {
      throw BlueskyErrors.invalidRequest(
          prefix + "Record must have the properties \"text\" and \"createdAt\"");
    }
    try {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(record.path("createdAt").asString());
    } catch (RuntimeException e) {
      throw BlueskyErrors.invalidRequest(
          prefix + "Record/createdAt must be an valid atproto datetime");
    }
    String text = record.path("text").asString();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (graphemes(text) > settings.graphemeLimit()) {
      throw BlueskyErrors.invalidRequest(
          prefix
              + "Record/text must not be longer than "
              + settings.graphemeLimit()
              + " graphemes");
    }
    if (bytes.length > settings.byteLimit()) {
      throw BlueskyErrors.invalidRequest(
          prefix + "Record/text must not be longer than " + settings.byteLimit() + " characters");
    }
    for (JsonNode facet : record.path("facets")) {
      int start = facet.path("index").path("byteStart").asInt(-1);
      int end = facet.path("index").path("byteEnd").asInt(-1);
      if (start < 0
          || end <= start
          || end > bytes.length
          || splitsCharacter(bytes, start)
          || splitsCharacter(bytes, end)) {
        throw BlueskyErrors.invalidRequest(
            prefix
                + "facet byte range "
                + start
                + ".."
                + end
                + " does not fit the text's UTF-8 bytes");
      }
      for (JsonNode feature : facet.path("features")) {
        String type = feature.path("$type").asString("");
        if (type.equals("app.bsky.richtext.facet#mention")
            && !feature.path("did").asString("").startsWith("did:")) {
          throw BlueskyErrors.invalidRequest(prefix + "mention facets need a did");
        }
        if (type.equals("app.bsky.richtext.facet#link")
            && !feature.path("uri").asString("").matches("^[a-z][a-z0-9+.-]*:.+")) {
          throw BlueskyErrors.invalidRequest(prefix + "link facets need a uri");
        }
      }
    }
    JsonNode embed = record.path("embed");
    if (embed.path("$type").asString("").equals("app.bsky.embed.images")) {
      JsonNode images = embed.path("images");
      if (images.isEmpty() || images.size() > 4) {
        throw BlueskyErrors.invalidRequest(
            prefix + "Record/embed/images must not have more than 4 elements");
      }
      for (JsonNode image : images) {
        String cid = image.path("image").path("ref").path("$link").asString(null);
        BlueskyStore.Blob blob =
            store
                .blob(account.accountId(), cid)
                .orElseThrow(() -> BlueskyErrors.invalidRequest("Could not find blob: " + cid));
        if (!blob.mimeType().startsWith("image/")) {
          throw BlueskyErrors.invalidRequest(
              prefix + "Record/embed/images/image has an unaccepted mime type " + blob.mimeType());
        }
        if (blob.size() > settings.imageByteLimit()) {
          throw BlueskyErrors.invalidRequest(
              prefix
                  + "Record/embed/images/image file too large. "
                  + settings.imageByteLimit()
                  + " bytes maximum");
        }
        if (!image.has("alt")) {
          throw BlueskyErrors.invalidRequest(
              prefix + "Record/embed/images/0 must have the property \"alt\"");
        }
      }
    }
  }

  private static boolean splitsCharacter(byte[] bytes, int index) {
    return index < bytes.length && (bytes[index] & 0xC0) == 0x80;
  }

  private static int graphemes(String text) {
    Matcher matcher = GRAPHEME.matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private Map<String, Object> thread(BlueskyStore.Post post, int depth, SandboxAccount viewer) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("$type", "app.bsky.feed.defs#threadViewPost");
    node.put("post", postView(post, viewer));
    if (depth > 0) {
      node.put(
          "replies",
          store.replies(post.uri()).stream().map(r -> thread(r, depth - 1, viewer)).toList());
    }
    return node;
  }

  Map<String, Object> postView(BlueskyStore.Post post, SandboxAccount viewer) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("uri", post.uri());
    view.put("cid", post.cid());
    view.put(
        "author",
        Map.of(
            "did", post.account().accountId(),
            "handle", post.account().username(),
            "displayName", post.account().username()));
    view.put("record", post.record());
    view.putAll(store.counts(post));
    view.put("indexedAt", post.indexedAt().toString());
    Map<String, Object> state = new LinkedHashMap<>();
    if (viewer != null) {
      store.likeBy(viewer.accountId(), post.uri()).ifPresent(like -> state.put("like", like.uri()));
    }
    view.put("viewer", state);
    return view;
  }

  private static Map<String, Object> written(BlueskyStore.Rec rec) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("uri", rec.uri());
    answer.put("cid", rec.cid());
    answer.put("commit", Map.of("cid", rec.cid(), "rev", rec.rkey()));
    answer.put("validationStatus", "valid");
    return answer;
  }

  private static Map<String, Object> recordView(BlueskyStore.Post post) {
    return Map.of("uri", post.uri(), "cid", post.cid(), "value", post.record());
  }

  private static Map<String, Object> blobRef(BlueskyStore.Blob blob) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("$type", "blob");
    ref.put("ref", Map.of("$link", blob.cid()));
    ref.put("mimeType", blob.mimeType());
    ref.put("size", blob.size());
    return ref;
  }

  private static Map<String, Object> session(BlueskyStore.Session session) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("did", session.account().accountId());
    json.put("handle", session.account().username());
    json.put("accessJwt", session.accessJwt());
    json.put("refreshJwt", session.refreshJwt());
    json.put("active", true);
    return json;
  }

  /** The session's account, which must own the repo the call names. */
  private static SandboxAccount ownRepo(ServerWebExchange exchange, String repo) {
    SandboxAccount account = account(exchange);
    if (!account.accountId().equals(repo) && !account.username().equalsIgnoreCase(repo)) {
      throw BlueskyErrors.invalidRequest("Input/repo must be the session's own repo");
    }
    return account;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Control API for Bluesky: replies and mentions come from other users, the thread under a post
 * shows replies, likes and hidden replies; sessions can be made to expire now or sooner, so tests
 * watch a connector refresh its access JWT.
 */
@RestController
class BlueskyControlController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BlueskyStore store;
  private final SandboxAccounts accounts;

  BlueskyControlController(BlueskyStore store, SandboxAccounts accounts) {
    this.store = store;
    this.accounts = accounts;
  }

  /** {@code {uri, handle?, text}}: a reply by {@code handle} to the post at {@code uri}. */
  @PostMapping("/_sandbox/bluesky/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.uri() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "uri and text are required"));
    }
    Optional<BlueskyStore.Post> parent = store.post(request.uri());
    if (parent.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no post " + request.uri()));
    }
    ObjectNode record = JSON.createObjectNode();
    record.put("$type", BlueskyStore.POST);
    record.put("text", request.text());
    record.put("createdAt", Instant.now().toString());
    ObjectNode parentRef = JSON.createObjectNode();
    parentRef.put("uri", parent.get().uri());
    parentRef.put("cid", parent.get().cid());
    JsonNode root = parent.get().record().path("reply").path("root");
    ObjectNode reply = record.putObject("reply");
    reply.set("root", root.isMissingNode() ? parentRef : root);
    reply.set("parent", parentRef);
    return store
        .addReply(author(request.handle()), request.uri(), record)
        .map(
            p ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("uri", p.uri(), "cid", p.cid())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no post " + request.uri())));
  }

  /**
   * {@code {did, handle?, text}}: a post by {@code handle} that mentions the account {@code did} (a
   * mention facet over "@its-handle", added to the text when it is not in it).
   */
  @PostMapping("/_sandbox/bluesky/mentions")
  ResponseEntity<Map<String, Object>> addMention(@RequestBody NewMention request) {
    if (request.did() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "did and text are required"));
    }
    Optional<SandboxAccount> mentioned = accounts.find(BlueskyStore.PLATFORM, request.did());
    if (mentioned.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no account " + request.did()));
    }
    String at = "@" + mentioned.get().username();
    String text = request.text().contains(at) ? request.text() : request.text() + " " + at;
    int start = text.substring(0, text.indexOf(at)).getBytes(StandardCharsets.UTF_8).length;
    int end = start + at.getBytes(StandardCharsets.UTF_8).length;
    ObjectNode record = JSON.createObjectNode();
    record.put("$type", BlueskyStore.POST);
    record.put("text", text);
    record.put("createdAt", Instant.now().toString());
    ObjectNode facet = record.putArray("facets").addObject();
    facet.putObject("index").put("byteStart", start).put("byteEnd", end);
    facet
        .putArray("features")
        .addObject()
        .put("$type", "app.bsky.richtext.facet#mention")
        .put("did", request.did());
    BlueskyStore.Post post = store.addPost(author(request.handle()), record);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("uri", post.uri(), "cid", post.cid(), "text", text));
  }

  /**
   * The thread under a post, depth first: each reply's uri, parent, author, text, who likes it and
   * whether the root's threadgate hides it ({@code own}: by the root post's author).
   */
  @GetMapping("/_sandbox/bluesky/replies")
  ResponseEntity<Object> replies(@RequestParam String uri) {
    Optional<BlueskyStore.Post> post = store.post(uri);
    if (post.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no post " + uri));
    }
    String rootUri = post.get().record().path("reply").path("root").path("uri").asString(uri);
    BlueskyStore.Post root = store.post(rootUri).orElse(post.get());
    List<String> hidden = store.hiddenReplies(root);
    List<Map<String, Object>> listed = new ArrayList<>();
    collect(post.get(), root, hidden, listed);
    return ResponseEntity.ok(listed);
  }

  private void collect(
      BlueskyStore.Post parent,
      BlueskyStore.Post root,
      List<String> hidden,
      List<Map<String, Object>> listed) {
    for (BlueskyStore.Post reply : store.replies(parent.uri())) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("uri", reply.uri());
      view.put("parent_uri", parent.uri());
      view.put("root_uri", root.uri());
      view.put("did", reply.account().accountId());
      view.put("handle", reply.account().username());
      view.put("own", reply.account().accountId().equals(root.account().accountId()));
      view.put("text", reply.record().path("text").asString(""));
      view.put("created_at", reply.indexedAt().toString());
      view.put("liked_by", store.likedBy(reply.uri()));
      view.put("hidden", hidden.contains(reply.uri()));
      listed.add(view);
      collect(reply, root, hidden, listed);
    }
  }

  private static SandboxAccount author(String requested) {
    String handle = requested == null || requested.isBlank() ? "someone.bsky.social" : requested;
    return new SandboxAccount(
        BlueskyStore.PLATFORM, "did:plc:" + handle.replaceAll("[^a-z0-9]", ""), handle, "-");
  }

  /** {@code {account_id}}: every access JWT of the DID expires now (refresh JWTs still work). */
  @PostMapping("/_sandbox/bluesky/expire-sessions")
  Map<String, Object> expireSessions(@RequestBody ExpireSessions request) {
    return Map.of("expired", store.expireSessions(request.accountId()));
  }

  /** {@code {access_token_lifetime_ms}}: how long new access JWTs live, until the next reset. */
  @PutMapping("/_sandbox/bluesky/sessions")
  ResponseEntity<Map<String, Object>> sessionLifetime(@RequestBody SessionLifetime request) {
    if (request.accessTokenLifetimeMs() == null || request.accessTokenLifetimeMs() < 0) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "access_token_lifetime_ms must be a number of milliseconds >= 0"));
    }
    store.accessTokenLifetime(Duration.ofMillis(request.accessTokenLifetimeMs()));
    return ResponseEntity.ok(Map.of("access_token_lifetime_ms", request.accessTokenLifetimeMs()));
  }

  record NewReply(String uri, String handle, String text) {}

  record NewMention(String did, String handle, String text) {}

  record ExpireSessions(String accountId) {}

  record SessionLifetime(Long accessTokenLifetimeMs) {}
}

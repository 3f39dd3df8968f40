package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Control API for Bluesky: replies come from other users; sessions can be made to expire now or
 * sooner, so tests watch a connector refresh its access JWT.
 */
@RestController
class BlueskyControlController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BlueskyStore store;

  BlueskyControlController(BlueskyStore store) {
    this.store = store;
  }

  /** {@code {uri, handle?, text}}: a reply by {@code handle} to the post at {@code uri}. */
  @PostMapping("/_sandbox/bluesky/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.uri() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "uri and text are required"));
    }
    String handle =
        request.handle() == null || request.handle().isBlank()
            ? "someone.bsky.social"
            : request.handle();
    SandboxAccount author =
        new SandboxAccount(
            BlueskyStore.PLATFORM, "did:plc:" + handle.replaceAll("[^a-z0-9]", ""), handle, "-");
    ObjectNode record = JSON.createObjectNode();
    record.put("$type", BlueskyStore.POST);
    record.put("text", request.text());
    record.put("createdAt", Instant.now().toString());
    ObjectNode parent = JSON.createObjectNode();
    parent.put("uri", request.uri());
    parent.put("cid", "bafyreiparent");
    ObjectNode reply = record.putObject("reply");
    reply.set("root", parent);
    reply.set("parent", parent);
    return store
        .addReply(author, request.uri(), record)
        .map(
            p ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("uri", p.uri())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no post " + request.uri())));
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

  record ExpireSessions(String accountId) {}

  record SessionLifetime(Long accessTokenLifetimeMs) {}
}

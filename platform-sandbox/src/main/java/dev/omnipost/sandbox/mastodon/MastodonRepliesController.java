package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.mastodon.MastodonReplies.Reply;
import dev.omnipost.sandbox.mastodon.MastodonStore.StoredStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;

/**
 * Threads of the simulated instance: {@code GET /api/v1/statuses/{id}/context} (the replies under a
 * status, at any depth, remote ones and the instance's own), {@code POST
 * /api/v1/statuses/{id}/favourite} and {@code unfavourite}; and the control calls {@code POST
 * /_sandbox/mastodon/replies} (someone else replies) and {@code GET /_sandbox/mastodon/replies}.
 */
@RestController
class MastodonRepliesController {

  private static final ResponseEntity<Object> NOT_FOUND =
      ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "Record not found"));

  private final MastodonStore store;
  private final MastodonReplies replies;

  MastodonRepliesController(MastodonStore store, MastodonReplies replies) {
    this.store = store;
    this.replies = replies;
  }

  /** Ancestors are not simulated (always empty); descendants depth first, oldest first. */
  @GetMapping("/mastodon/api/v1/statuses/{id}/context")
  ResponseEntity<Object> context(@PathVariable String id, ServerWebExchange exchange) {
    SandboxAccount viewer = account(exchange);
    if (!known(viewer, id)) {
      return NOT_FOUND;
    }
    String origin = SandboxResponses.origin(exchange);
    List<Object> descendants = new ArrayList<>();
    for (Node node : descendants(id)) {
      descendants.add(json(node, viewer, origin));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("ancestors", List.of());
    context.put("descendants", descendants);
    return ResponseEntity.ok(context);
  }

  @PostMapping("/mastodon/api/v1/statuses/{id}/favourite")
  ResponseEntity<Object> favourite(@PathVariable String id, ServerWebExchange exchange) {
    return setFavourite(id, exchange, true);
  }

  @PostMapping("/mastodon/api/v1/statuses/{id}/unfavourite")
  ResponseEntity<Object> unfavourite(@PathVariable String id, ServerWebExchange exchange) {
    return setFavourite(id, exchange, false);
  }

  /** Someone on another server replies: {@code {status_id, username, text}}. */
  @PostMapping("/_sandbox/mastodon/replies")
  ResponseEntity<Object> add(@RequestBody NewReply request) {
    if (request.statusId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "status_id and text are required"));
    }
    if (!store.exists(request.statusId()) && !replies.exists(request.statusId())) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no status " + request.statusId()));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    Reply reply = replies.add(request.statusId(), username, request.text());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", reply.id()));
  }

  /**
   * The thread under {@code status_id}, depth first: {@code [{id, in_reply_to_id, own, account_id,
   * username, text, created_at, favourited_by}]}; {@code own} marks the instance's own accounts'
   * replies (the ones Omnipost posted).
   */
  @GetMapping("/_sandbox/mastodon/replies")
  List<Map<String, Object>> thread(@RequestParam(name = "status_id") String statusId) {
    List<Map<String, Object>> thread = new ArrayList<>();
    for (Node node : descendants(statusId)) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", node.id());
      json.put("in_reply_to_id", node.inReplyToId());
      json.put("own", node.own() != null);
      json.put(
          "account_id",
          node.own() != null ? node.own().account().accountId() : node.remote().fromAccountId());
      json.put(
          "username",
          node.own() != null ? node.own().account().username() : node.remote().fromUsername());
      json.put("text", node.own() != null ? node.own().text() : node.remote().text());
      json.put("created_at", node.createdAt().toString());
      json.put("favourited_by", replies.favouritedBy(node.id()));
      thread.add(json);
    }
    return thread;
  }

  private ResponseEntity<Object> setFavourite(
      String id, ServerWebExchange exchange, boolean favourited) {
    SandboxAccount viewer = account(exchange);
    if (!known(viewer, id)) {
      return NOT_FOUND;
    }
    replies.favourite(id, viewer.accountId(), favourited);
    String origin = SandboxResponses.origin(exchange);
    Node node =
        store
            .status(viewer, id)
            .map(Node::of)
            .orElseGet(() -> Node.of(replies.reply(id).orElseThrow()));
    return ResponseEntity.ok(json(node, viewer, origin));
  }

  private boolean known(SandboxAccount viewer, String id) {
    return store.status(viewer, id).isPresent() || replies.exists(id);
  }

  /** Every reply under {@code id}, depth first, siblings oldest first. */
  private List<Node> descendants(String id) {
    List<Node> found = new ArrayList<>();
    collect(id, found, 0);
    return found;
  }

  private void collect(String id, List<Node> found, int depth) {
    if (depth > 64) {
      return;
    }
    List<Node> children = new ArrayList<>();
    store.repliesTo(id).forEach(s -> children.add(Node.of(s)));
    replies.repliesTo(id).forEach(r -> children.add(Node.of(r)));
    children.sort(Comparator.comparing(Node::createdAt));
    for (Node child : children) {
      found.add(child);
      collect(child.id(), found, depth + 1);
    }
  }

  private Map<String, Object> json(Node node, SandboxAccount viewer, String origin) {
    Map<String, Object> json;
    if (node.own() != null) {
      json = MastodonJson.status(node.own(), false);
    } else {
      Reply reply = node.remote();
      Map<String, Object> from = new LinkedHashMap<>();
      from.put("id", reply.fromAccountId());
      from.put("username", reply.fromUsername());
      from.put("acct", reply.fromUsername() + "@remote.example");
      from.put("display_name", reply.fromUsername());
      from.put("url", "https://remote.example/@" + reply.fromUsername());
      json = new LinkedHashMap<>();
      json.put("id", reply.id());
      json.put("created_at", MastodonRateLimiter.RESET_FORMAT.format(reply.createdAt()));
      json.put("in_reply_to_id", reply.inReplyToId());
      json.put("sensitive", false);
      json.put("spoiler_text", "");
      json.put("visibility", "public");
      json.put("language", null);
      json.put(
          "uri",
          "https://remote.example/users/" + reply.fromUsername() + "/statuses/" + reply.id());
      json.put("url", "https://remote.example/@" + reply.fromUsername() + "/" + reply.id());
      json.put("content", "<p>" + HtmlUtils.htmlEscape(reply.text()) + "</p>");
      json.put("account", from);
      json.put("media_attachments", List.of());
      json.put("replies_count", replies.repliesTo(reply.id()).size());
      json.put("reblogs_count", 0);
      json.put("mentions", List.of());
      json.put("tags", List.of());
    }
    json.put("favourites_count", replies.favouritedBy(node.id()).size());
    json.put("favourited", replies.favourited(node.id(), viewer.accountId()));
    return json;
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }

  /** A status in a thread: one of the instance's own, or a remote reply. */
  private record Node(StoredStatus own, Reply remote) {

    static Node of(StoredStatus status) {
      return new Node(status, null);
    }

    static Node of(Reply reply) {
      return new Node(null, reply);
    }

    String id() {
      return own != null ? own.id() : remote.id();
    }

    String inReplyToId() {
      return own != null ? own.inReplyToId() : remote.inReplyToId();
    }

    Instant createdAt() {
      return own != null ? own.createdAt() : remote.createdAt();
    }
  }

  record NewReply(String statusId, String username, String text) {}
}

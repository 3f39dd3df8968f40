package dev.omnipost.sandbox.x;

import dev.omnipost.sandbox.control.SandboxAccounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for X: replies and direct messages come from other users, so tests add them here
 * ({@code POST /_sandbox/x/replies}, to a tweet or a reply; {@code POST /_sandbox/x/dm_events});
 * {@code GET /_sandbox/x/dm_events?account_id=} shows every direct message of an account, oldest
 * first, and {@code GET /_sandbox/x/replies?tweet_id=} a conversation's replies with their hidden
 * flag and who likes them.
 */
@RestController
class XControlController {

  private final XStore store;
  private final XDirectMessages messages;
  private final SandboxAccounts accounts;

  XControlController(XStore store, XDirectMessages messages, SandboxAccounts accounts) {
    this.store = store;
    this.messages = messages;
    this.accounts = accounts;
  }

  /**
   * {@code {account_id, username, name?, text, age_seconds?}}: the person writes to the account;
   * answers {@code {dm_event_id, dm_conversation_id, sender_id}}.
   */
  @PostMapping("/_sandbox/x/dm_events")
  ResponseEntity<Map<String, Object>> addDirectMessage(@RequestBody NewDirectMessage request) {
    if (request.accountId() == null
        || request.username() == null
        || request.username().isBlank()
        || request.text() == null
        || request.text().isBlank()) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "account_id, username and text are required"));
    }
    return accounts
        .find(XStore.PLATFORM, request.accountId())
        .map(
            account -> {
              XDirectMessages.DmEvent event =
                  messages.incoming(
                      account,
                      request.username(),
                      request.name(),
                      request.text(),
                      request.ageSeconds() == null ? 0 : request.ageSeconds());
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("dm_event_id", event.id());
              body.put("dm_conversation_id", event.conversationId());
              body.put("sender_id", event.senderId());
              return ResponseEntity.status(HttpStatus.CREATED).body(body);
            })
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no X account " + request.accountId())));
  }

  @GetMapping("/_sandbox/x/dm_events")
  Map<String, Object> directMessages(@RequestParam("account_id") String accountId) {
    List<XDirectMessages.DmEvent> newestFirst =
        new java.util.ArrayList<>(messages.events(accountId, null, Integer.MAX_VALUE));
    java.util.Collections.reverse(newestFirst);
    List<Map<String, Object>> events =
        newestFirst.stream()
            .map(
                e -> {
                  Map<String, Object> json = new LinkedHashMap<>();
                  json.put("id", e.id());
                  json.put("dm_conversation_id", e.conversationId());
                  json.put("sender_id", e.senderId());
                  json.put("text", e.text());
                  json.put("media_ids", e.mediaIds());
                  json.put("created_at", e.createdAt().toString());
                  return json;
                })
            .toList();
    return Map.of("data", events);
  }

  @PostMapping("/_sandbox/x/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.text() == null || request.text().isBlank() || request.tweetId() == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "tweet_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addReply(request.tweetId(), username, request.text())
        .map(
            r -> ResponseEntity.status(HttpStatus.CREATED).body(Map.<String, Object>of("id", r.id)))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no tweet " + request.tweetId())));
  }

  /**
   * Every reply in the conversation the tweet started, oldest first, the account's own included:
   * {@code {id, author_id, username, text, in_reply_to, hidden, liked_by}}.
   */
  @GetMapping("/_sandbox/x/replies")
  ResponseEntity<Map<String, Object>> replies(@RequestParam("tweet_id") String tweetId) {
    if (store.tweet(tweetId).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no tweet " + tweetId));
    }
    List<Map<String, Object>> replies =
        store.conversation(store.tweet(tweetId).get().conversationId).stream()
            .map(
                t -> {
                  Map<String, Object> json = new LinkedHashMap<>();
                  json.put("id", t.id);
                  json.put("author_id", t.accountId);
                  json.put("username", t.username);
                  json.put("text", t.text);
                  json.put("in_reply_to", t.replyTo);
                  json.put("hidden", store.hidden(t.id));
                  json.put("liked_by", store.likedBy(t.id));
                  return json;
                })
            .toList();
    return ResponseEntity.ok(Map.of("data", replies));
  }

  record NewReply(String tweetId, String username, String text) {}

  record NewDirectMessage(
      String accountId, String username, String name, String text, Long ageSeconds) {}
}

package dev.omnipost.sandbox.instagram;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Control API for Instagram: comments arrive from other users, so tests add them here. */
@RestController
class InstagramControlController {

  private final InstagramStore store;
  private final InstagramWebhooks webhooks;

  InstagramControlController(InstagramStore store, InstagramWebhooks webhooks) {
    this.store = store;
    this.webhooks = webhooks;
  }

  /**
   * Subscribes the sandbox app's webhooks to {@code callback_url}, after Meta's verification
   * handshake with {@code verify_token}; notifications are signed with {@code app_secret}.
   */
  @PutMapping("/_sandbox/instagram/webhooks")
  reactor.core.publisher.Mono<ResponseEntity<Map<String, Object>>> subscribe(
      @RequestBody Subscribe request) {
    if (request.callbackUrl() == null
        || request.verifyToken() == null
        || request.appSecret() == null) {
      return reactor.core.publisher.Mono.just(
          ResponseEntity.badRequest()
              .body(Map.of("error", "callback_url, verify_token and app_secret are required")));
    }
    return webhooks
        .subscribe(request.callbackUrl(), request.verifyToken(), request.appSecret())
        .map(
            verified ->
                verified
                    ? ResponseEntity.ok(Map.<String, Object>of("success", true))
                    : ResponseEntity.badRequest()
                        .body(
                            Map.<String, Object>of(
                                "error", "the callback did not echo hub.challenge")));
  }

  /** Ends the webhook subscription. */
  @org.springframework.web.bind.annotation.DeleteMapping("/_sandbox/instagram/webhooks")
  ResponseEntity<Void> unsubscribe() {
    webhooks.reset();
    return ResponseEntity.noContent().build();
  }

  record Subscribe(String callbackUrl, String verifyToken, String appSecret) {}

  @PostMapping("/_sandbox/instagram/comments")
  ResponseEntity<Map<String, Object>> addComment(@RequestBody NewComment request) {
    if (request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "text is required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addComment(request.accountId(), request.mediaId(), username, request.text())
        .map(
            c -> {
              webhooks.commentAdded(request.accountId(), c, c.timestamp().getEpochSecond());
              return ResponseEntity.status(HttpStatus.CREATED)
                  .body(Map.<String, Object>of("id", c.id()));
            })
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        Map.of(
                            "error",
                            "no media "
                                + request.mediaId()
                                + " for account "
                                + request.accountId())));
  }

  /**
   * What the account did to a comment, for tests to check: {@code hidden}, {@code deleted}, its
   * {@code replies} and the {@code private_reply} sent to its author.
   */
  @GetMapping("/_sandbox/instagram/comments/{id}")
  ResponseEntity<Map<String, Object>> comment(@PathVariable String id) {
    var comment = store.anyComment(id);
    if (comment.isEmpty()) {
      return store.isDeleted(id)
          ? ResponseEntity.ok(Map.of("id", id, "deleted", true))
          : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no comment " + id));
    }
    InstagramStore.Comment c = comment.get();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", c.id());
    view.put("media_id", c.mediaId());
    view.put("parent_id", c.parentId());
    view.put("username", c.username());
    view.put("text", c.text());
    view.put("hidden", store.isHidden(c));
    view.put("deleted", false);
    List<Map<String, Object>> replies =
        store.replies(c).stream()
            .map(
                r ->
                    Map.<String, Object>of(
                        "id", r.id(), "username", r.username(), "text", r.text()))
            .toList();
    view.put("replies", replies);
    store
        .privateReplyTo(c.id())
        .ifPresent(
            p ->
                view.put(
                    "private_reply",
                    Map.of(
                        "message_id", p.messageId(),
                        "recipient_id", p.recipientId(),
                        "text", p.text())));
    return ResponseEntity.ok(view);
  }

  /** Someone else's media tags the account: {@code {account_id, username, caption}}. */
  @PostMapping("/_sandbox/instagram/tags")
  ResponseEntity<Map<String, Object>> tag(@RequestBody NewTag request) {
    if (request.accountId() == null || request.accountId().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "account_id is required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    var tag = store.tag(request.accountId(), username, request.caption());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", tag.id()));
  }

  record NewTag(String accountId, String username, String caption) {}

  /** How long new containers stay IN_PROGRESS at least ({@code container_processing_ms}). */
  @PutMapping("/_sandbox/instagram/processing")
  ResponseEntity<Map<String, Object>> processing(@RequestBody Processing request) {
    if (request.containerProcessingMs() == null || request.containerProcessingMs() < 0) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "container_processing_ms must be a number of milliseconds >= 0"));
    }
    store.containerProcessingTime(Duration.ofMillis(request.containerProcessingMs()));
    return ResponseEntity.ok(Map.of("container_processing_ms", request.containerProcessingMs()));
  }

  record Processing(Long containerProcessingMs) {}

  record NewComment(String accountId, String mediaId, String username, String text) {}
}

package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.meta.MetaConversations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for Meta direct messages (Instagram Direct and Messenger): a person writes to an
 * account ({@code POST /_sandbox/{instagram|facebook}/messages}), which also sends the sandbox
 * app's signed messaging webhook when subscribed ({@code PUT /_sandbox/instagram/webhooks}); tests
 * read a thread, the account's answers included, with {@code GET
 * /_sandbox/{platform}/conversations/{id}}.
 */
@RestController
class MetaMessagingControlController {

  private static final List<String> PLATFORMS = List.of("instagram", "facebook");

  private final MetaConversations conversations;
  private final InstagramWebhooks webhooks;
  private final SandboxAccounts accounts;

  MetaMessagingControlController(
      MetaConversations conversations, InstagramWebhooks webhooks, SandboxAccounts accounts) {
    this.conversations = conversations;
    this.webhooks = webhooks;
    this.accounts = accounts;
  }

  /**
   * {@code {account_id, from_id?, username?, name?, text, age_seconds?}}: {@code age_seconds}
   * back-dates the message (older than 24 h: the account can no longer answer).
   */
  @PostMapping("/_sandbox/{platform}/messages")
  ResponseEntity<Map<String, Object>> incoming(
      @PathVariable String platform, @RequestBody NewMessage request) {
    if (!PLATFORMS.contains(platform)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "direct messages are simulated for " + PLATFORMS));
    }
    if (request.accountId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "account_id and text are required"));
    }
    if (accounts.find(platform, request.accountId()).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no " + platform + " account " + request.accountId()));
    }
    String username = request.username() == null ? "someone" : request.username();
    String fromId =
        request.fromId() != null && !request.fromId().isBlank()
            ? request.fromId()
            : "ps_" + Integer.toUnsignedString((request.accountId() + "/" + username).hashCode());
    MetaConversations.Person person =
        new MetaConversations.Person(
            fromId, username, request.name() == null ? username : request.name());
    MetaConversations.Sent sent =
        conversations.incoming(
            platform,
            request.accountId(),
            person,
            request.text(),
            request.ageSeconds() == null ? 0 : request.ageSeconds());
    webhooks.messageReceived(
        platform.equals("instagram") ? "instagram" : "page",
        request.accountId(),
        fromId,
        sent.message().id(),
        request.text(),
        sent.message().createdAt().toEpochMilli());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("conversation_id", sent.thread().id());
    body.put("message_id", sent.message().id());
    body.put("from_id", fromId);
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }

  /** A thread with every message, oldest first: {@code from_account} marks the answers. */
  @GetMapping("/_sandbox/{platform}/conversations/{id}")
  ResponseEntity<Map<String, Object>> thread(
      @PathVariable String platform, @PathVariable String id) {
    return conversations
        .thread(platform, id)
        .map(
            t -> {
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("id", t.id());
              view.put("account_id", t.accountId());
              view.put(
                  "person",
                  Map.of(
                      "id", t.person().id(),
                      "username", t.person().username(),
                      "name", t.person().name()));
              view.put(
                  "messages",
                  t.messages().stream()
                      .map(
                          m -> {
                            Map<String, Object> message = new LinkedHashMap<>();
                            message.put("id", m.id());
                            message.put("from_account", m.fromAccount());
                            message.put("text", m.text());
                            message.put("attachment_url", m.attachmentUrl());
                            message.put("created_at", m.createdAt().toString());
                            return message;
                          })
                      .toList());
              return ResponseEntity.ok(view);
            })
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no " + platform + " conversation " + id)));
  }

  record NewMessage(
      String accountId,
      String fromId,
      String username,
      String name,
      String text,
      Long ageSeconds) {}
}

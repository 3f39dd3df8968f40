package dev.omnipost.gateway.conversations;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.web.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Direct-message conversations of the unified inbox (issue 8, ADR 0027): read them and their
 * messages, mark them read, close, reopen and assign them, and answer in them. An answer is an
 * inbox action (ADR 0020): checked here (the conversation is the caller's, its platform can send
 * messages, its account is connected, the platform's reply window is open), stored pending with its
 * command and answered 202; the inbox-ingestor sends it at most once and announces {@code
 * inbox.action.completed} or {@code inbox.action.failed}.
 */
@RestController
class ConversationsController {

  static final int MAX_TEXT_LENGTH = 10_000;
  static final int MAX_ASSIGNEE_LENGTH = 200;
  private static final List<String> STATUSES = List.of("open", "closed");
  private static final Set<String> PATCH_FIELDS = Set.of("status", "assignee");

  private final Conversations conversations;
  private final PlatformConnectors connectors;
  private final Clock clock;

  ConversationsController(
      Conversations conversations, PlatformConnectors connectors, ObjectProvider<Clock> clock) {
    this.conversations = conversations;
    this.connectors = connectors;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  @GetMapping("/v1/inbox/conversations")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<ConversationView>> list(
      Caller caller,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    Instant sinceTime = since == null || since.isBlank() ? null : Timestamps.parse("since", since);
    String statusFilter = status == null || status.isBlank() ? null : status(status);
    return conversations
        .list(caller, blankToNull(accountId), statusFilter, sinceTime, after, pageSize)
        .map(
            rows ->
                Cursor.page(rows, pageSize, ConversationView::lastMessageAt, ConversationView::id));
  }

  @GetMapping("/v1/inbox/conversations/{id}")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Envelope<ConversationView>> get(Caller caller, @PathVariable String id) {
    return find(caller, id).map(Envelope::of);
  }

  /**
   * The conversation's messages, newest first, both parties' (the account's: {@code by_account}).
   */
  @GetMapping("/v1/inbox/conversations/{id}/messages")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<MessageView>> messages(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    return find(caller, id)
        .flatMap(conversation -> conversations.messages(conversation.id(), after, pageSize))
        .map(rows -> Cursor.page(rows, pageSize, MessageView::createdAt, MessageView::id));
  }

  /** Marks every message of the conversation read (in Omnipost; the platform is not told). */
  @PostMapping("/v1/inbox/conversations/{id}/read")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<Envelope<ConversationView>> read(Caller caller, @PathVariable String id) {
    return find(caller, id)
        .flatMap(conversation -> conversations.markRead(conversation.id()))
        .then(Mono.defer(() -> find(caller, id)))
        .map(Envelope::of);
  }

  /** {@code {status?: open|closed, assignee?: string|null}}; null clears the assignee. */
  @PatchMapping("/v1/inbox/conversations/{id}")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<Envelope<ConversationView>> update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    // another workspace's conversation is 404 whatever the body says
    return find(caller, id)
        .flatMap(
            conversation -> {
              Change change = change(body);
              return conversations.update(
                  conversation.id(), change.status(), change.assignee(), change.clearAssignee());
            })
        .then(Mono.defer(() -> find(caller, id)))
        .map(Envelope::of);
  }

  @PostMapping("/v1/inbox/conversations/{id}/messages")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> send(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    return find(caller, id)
        .flatMap(
            conversation -> {
              String text = text(body);
              Duration window = checkPlatform(conversation);
              return conversations
                  .accountStatus(conversation.accountId())
                  .defaultIfEmpty("disconnected")
                  .map(
                      accountStatus -> {
                        checkSendable(conversation, accountStatus, window);
                        return conversation;
                      })
                  .flatMap(c -> conversations.requestSend(caller, c, text));
            })
        .map(
            actionId -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("action_id", actionId);
              data.put("status", "pending");
              data.put("action", "send_message");
              data.put("item_id", id);
              return ResponseEntity.status(HttpStatus.ACCEPTED).body(Envelope.of(data));
            });
  }

  private Mono<ConversationView> find(Caller caller, String id) {
    return conversations
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("conversation", id)));
  }

  /** 501 unless the platform can send messages; answers its reply window (zero: none). */
  private Duration checkPlatform(ConversationView conversation) {
    PlatformConnector connector =
        Platform.fromId(conversation.platform()).flatMap(connectors::forPlatform).orElse(null);
    if (connector == null || !connector.supports(InboxOperation.SEND_MESSAGE)) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          conversation.platform()
              + " does not support "
              + InboxOperation.SEND_MESSAGE.description(),
          Map.of(
              "platform", conversation.platform(), "operation", InboxOperation.SEND_MESSAGE.id()));
    }
    return connector.messagingWindow();
  }

  private void checkSendable(ConversationView conversation, String accountStatus, Duration window) {
    if (!"connected".equals(accountStatus)) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "account.not_connected",
          "The conversation's account is " + accountStatus + "; reconnect it first",
          Map.of("account_id", conversation.accountId(), "status", accountStatus));
    }
    if (window.isZero() || window.isNegative()) {
      return;
    }
    Instant lastIncoming = conversation.lastIncomingAt();
    if (lastIncoming == null) {
      throw new ApiException(
          HttpStatus.GONE,
          "inbox.reply_window_closed",
          conversation.platform()
              + " accepts answers only within "
              + window.toHours()
              + " hours of the person's last message, and they have not written yet",
          Map.of("window", window.toString()));
    }
    Instant closesAt = lastIncoming.plus(window);
    if (clock.instant().isAfter(closesAt)) {
      throw new ApiException(
          HttpStatus.GONE,
          "inbox.reply_window_closed",
          conversation.platform()
              + " accepts answers for "
              + window.toHours()
              + " hours after the person's last message; this conversation's window closed at "
              + closesAt
              + " and reopens when they write again",
          Map.of(
              "window", window.toString(),
              "last_incoming_at", lastIncoming.toString(),
              "closed_at", closesAt.toString()));
    }
  }

  private static String text(JsonNode body) {
    if (body != null && body.has("media_ids")) {
      throw ApiException.invalid(
          "request.invalid_field",
          "media_ids are not supported in messages yet; send text",
          Map.of("field", "media_ids"));
    }
    JsonNode node = body == null ? null : body.get("text");
    if (node != null && !node.isNull() && !node.isString()) {
      throw ApiException.invalid(
          "request.invalid_field", "text must be a string", Map.of("field", "text"));
    }
    String text = node == null || node.isNull() ? null : node.asString();
    if (text == null || text.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "text is required", Map.of("field", "text"));
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw ApiException.invalid(
          "request.invalid_field",
          "text must be at most " + MAX_TEXT_LENGTH + " characters",
          Map.of("field", "text", "max", MAX_TEXT_LENGTH));
    }
    return text;
  }

  private record Change(String status, String assignee, boolean clearAssignee) {}

  private static Change change(JsonNode body) {
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field",
          "send status and/or assignee",
          Map.of("fields", List.copyOf(PATCH_FIELDS)));
    }
    for (String field : body.propertyNames()) {
      if (!PATCH_FIELDS.contains(field)) {
        throw ApiException.invalid(
            "request.unknown_field",
            field + " cannot be changed; send status and/or assignee",
            Map.of("field", field));
      }
    }
    String status = null;
    if (body.has("status")) {
      JsonNode node = body.get("status");
      if (!node.isString()) {
        throw ApiException.invalid(
            "request.invalid_field",
            "status must be one of open, closed",
            Map.of("field", "status", "valid_values", STATUSES));
      }
      status = status(node.asString());
    }
    String assignee = null;
    boolean clear = false;
    if (body.has("assignee")) {
      JsonNode node = body.get("assignee");
      if (node.isNull()) {
        clear = true;
      } else if (!node.isString()
          || node.asString().isBlank()
          || node.asString().length() > MAX_ASSIGNEE_LENGTH) {
        throw ApiException.invalid(
            "request.invalid_field",
            "assignee must be a non-empty string of at most "
                + MAX_ASSIGNEE_LENGTH
                + " characters, or null to clear it",
            Map.of("field", "assignee", "max", MAX_ASSIGNEE_LENGTH));
      } else {
        assignee = node.asString().strip();
      }
    }
    return new Change(status, assignee, clear);
  }

  private static String status(String value) {
    if (!STATUSES.contains(value)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "status must be one of open, closed",
          Map.of("field", "status", "valid_values", STATUSES));
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

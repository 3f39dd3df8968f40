package dev.omnipost.gateway.conversations;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.MessageMediaRules;
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
  static final int MAX_MEDIA = 10;
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
              List<String> mediaIds = mediaIds(body);
              String text = text(body, !mediaIds.isEmpty());
              PlatformConnector connector = checkPlatform(conversation);
              MessageMediaRules rules = checkMediaSupported(conversation, connector, mediaIds);
              return conversations
                  .accountStatus(conversation.accountId())
                  .defaultIfEmpty("disconnected")
                  .map(
                      accountStatus -> {
                        checkSendable(conversation, accountStatus, connector.messagingWindow());
                        return conversation;
                      })
                  .flatMap(
                      c ->
                          conversations
                              .media(caller, mediaIds)
                              .map(
                                  found -> {
                                    checkMedia(c, rules, mediaIds, found);
                                    return c;
                                  }))
                  .flatMap(c -> conversations.requestSend(caller, c, text, mediaIds));
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

  /** 501 unless the platform can send messages; answers its connector. */
  private PlatformConnector checkPlatform(ConversationView conversation) {
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
    return connector;
  }

  /** 501 when the answer names media and the platform's answers carry none through Omnipost. */
  private static MessageMediaRules checkMediaSupported(
      ConversationView conversation, PlatformConnector connector, List<String> mediaIds) {
    MessageMediaRules rules = connector.messageMedia();
    if (!mediaIds.isEmpty() && rules.maxFiles() == 0) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          conversation.platform() + " does not support media in direct messages; send text",
          Map.of("platform", conversation.platform(), "operation", "send_message_media"));
    }
    if (mediaIds.size() > rules.maxFiles()) {
      throw ApiException.invalid(
          "request.invalid_field",
          conversation.platform()
              + " takes at most "
              + rules.maxFiles()
              + " media file(s) in a direct message",
          Map.of("field", "media_ids", "max", rules.maxFiles()));
    }
    return rules;
  }

  /**
   * 404 for a media id that is not the caller's (another workspace's, another brand's, or none);
   * 400 {@code inbox.media_not_accepted} for a type or size the platform does not take.
   */
  private static void checkMedia(
      ConversationView conversation,
      MessageMediaRules rules,
      List<String> mediaIds,
      Map<String, Conversations.MediaFile> found) {
    for (String mediaId : mediaIds) {
      Conversations.MediaFile file = found.get(mediaId);
      if (file == null) {
        throw ApiException.notFound("media", mediaId);
      }
      if (!rules.accepts(file.contentType())) {
        throw ApiException.invalid(
            "inbox.media_not_accepted",
            conversation.platform()
                + " does not take "
                + file.contentType()
                + " in direct messages; it takes "
                + String.join(
                    ", ", new java.util.TreeSet<>(rules.maxBytesByContentType().keySet())),
            Map.of(
                "field",
                "media_ids",
                "media_id",
                mediaId,
                "content_type",
                String.valueOf(file.contentType()),
                "accepted",
                List.copyOf(new java.util.TreeSet<>(rules.maxBytesByContentType().keySet()))));
      }
      long max = rules.maxBytes(file.contentType());
      if (file.sizeBytes() > max) {
        throw ApiException.invalid(
            "inbox.media_not_accepted",
            conversation.platform()
                + " takes "
                + file.contentType()
                + " of up to "
                + max
                + " bytes in direct messages; "
                + mediaId
                + " has "
                + file.sizeBytes(),
            Map.of(
                "field",
                "media_ids",
                "media_id",
                mediaId,
                "size_bytes",
                file.sizeBytes(),
                "max_bytes",
                max));
      }
    }
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

  /** {@code media_ids}: distinct, non-blank strings, at most {@link #MAX_MEDIA}; none: empty. */
  private static List<String> mediaIds(JsonNode body) {
    JsonNode node = body == null ? null : body.get("media_ids");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_MEDIA) {
      throw ApiException.invalid(
          "request.invalid_field",
          "media_ids must be an array of at most " + MAX_MEDIA + " media ids",
          Map.of("field", "media_ids", "max", MAX_MEDIA));
    }
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
    for (JsonNode id : node) {
      if (!id.isString() || id.asString().isBlank() || !ids.add(id.asString())) {
        throw ApiException.invalid(
            "request.invalid_field",
            "media_ids must be distinct media ids",
            Map.of("field", "media_ids"));
      }
    }
    return List.copyOf(ids);
  }

  /** The text; it may be left out when the answer carries media. */
  private static String text(JsonNode body, boolean hasMedia) {
    JsonNode node = body == null ? null : body.get("text");
    if (node != null && !node.isNull() && !node.isString()) {
      throw ApiException.invalid(
          "request.invalid_field", "text must be a string", Map.of("field", "text"));
    }
    String text = node == null || node.isNull() ? null : node.asString();
    if ((text == null || text.isBlank()) && hasMedia) {
      return null;
    }
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

package dev.omnipost.gateway.inbox;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.gateway.inbox.InboxActions.TargetComment;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Actions on inbox comments. Each is checked here (the comment is the caller's, the account is
 * connected, the platform offers the operation, a private reply is within its window), stored as a
 * pending action with its command, and answered 202; the inbox-ingestor performs it and announces
 * {@code inbox.action.completed} or {@code inbox.action.failed}.
 */
@RestController
class InboxActionsController {

  static final int MAX_TEXT_LENGTH = 10_000;

  private final InboxActions actions;
  private final PlatformConnectors connectors;
  private final Clock clock;

  InboxActionsController(
      InboxActions actions, PlatformConnectors connectors, ObjectProvider<Clock> clock) {
    this.actions = actions;
    this.connectors = connectors;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  @PostMapping("/v1/inbox/comments/{id}/reply")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> reply(
      Caller caller, @PathVariable String id, @RequestBody(required = false) TextRequest body) {
    return act(caller, id, CommentAction.REPLY, body);
  }

  @PostMapping("/v1/inbox/comments/{id}/private-reply")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> privateReply(
      Caller caller, @PathVariable String id, @RequestBody(required = false) TextRequest body) {
    return act(caller, id, CommentAction.PRIVATE_REPLY, body);
  }

  @PostMapping("/v1/inbox/comments/{id}/hide")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> hide(Caller caller, @PathVariable String id) {
    return act(caller, id, CommentAction.HIDE, null);
  }

  @DeleteMapping("/v1/inbox/comments/{id}/hide")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> unhide(
      Caller caller, @PathVariable String id) {
    return act(caller, id, CommentAction.UNHIDE, null);
  }

  @PostMapping("/v1/inbox/comments/{id}/like")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> like(Caller caller, @PathVariable String id) {
    return act(caller, id, CommentAction.LIKE, null);
  }

  @DeleteMapping("/v1/inbox/comments/{id}/like")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> unlike(
      Caller caller, @PathVariable String id) {
    return act(caller, id, CommentAction.UNLIKE, null);
  }

  @DeleteMapping("/v1/inbox/comments/{id}")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> delete(
      Caller caller, @PathVariable String id) {
    return act(caller, id, CommentAction.DELETE, null);
  }

  @GetMapping("/v1/inbox/actions/{id}")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Envelope<ActionView>> get(Caller caller, @PathVariable String id) {
    return actions
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("inbox action", id)))
        .map(Envelope::of);
  }

  private Mono<ResponseEntity<Envelope<Map<String, Object>>>> act(
      Caller caller, String commentId, CommentAction action, TextRequest body) {
    // ownership first: another workspace's comment is 404 whatever the body says
    return actions
        .comment(caller, commentId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("comment", commentId)))
        .flatMap(
            comment -> {
              String text = action.needsText() ? text(body) : null;
              check(comment, action);
              return actions.request(caller, comment, action, text);
            })
        .map(
            actionId -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("action_id", actionId);
              data.put("status", "pending");
              data.put("action", action.id());
              data.put("item_id", commentId);
              return ResponseEntity.status(HttpStatus.ACCEPTED).body(Envelope.of(data));
            });
  }

  private void check(TargetComment comment, CommentAction action) {
    PlatformConnector connector =
        Platform.fromId(comment.platform()).flatMap(connectors::forPlatform).orElse(null);
    if (connector == null || !connector.supports(action.operation())) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          comment.platform() + " does not support " + action.operation().description(),
          Map.of("platform", comment.platform(), "operation", action.id()));
    }
    if (action == CommentAction.DELETE
        && connector.deletesOwnCommentsOnly()
        && !comment.byAccount()) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          comment.platform()
              + " deletes only the account's own replies; this comment is someone else's",
          Map.of("platform", comment.platform(), "operation", action.id()));
    }
    if (comment.deletedAt() != null) {
      throw ApiException.conflict(
          "inbox.comment_deleted", "The comment " + comment.id() + " was deleted");
    }
    if (!"connected".equals(comment.accountStatus())) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "account.not_connected",
          "The comment's account is " + comment.accountStatus() + "; reconnect it first",
          Map.of("account_id", comment.accountId(), "status", comment.accountStatus()));
    }
    if (action == CommentAction.PRIVATE_REPLY) {
      if (comment.byAccount()) {
        throw ApiException.conflict(
            "inbox.own_comment", "The account wrote this comment; there is nobody to answer");
      }
      Instant closesAt = comment.createdAt().plus(connector.privateReplyWindow());
      if (clock.instant().isAfter(closesAt)) {
        throw new ApiException(
            HttpStatus.GONE,
            "inbox.reply_window_closed",
            comment.platform()
                + " accepts private replies for "
                + connector.privateReplyWindow().toDays()
                + " days after a comment; this one's window closed at "
                + closesAt.toString(),
            Map.of(
                "window", connector.privateReplyWindow().toString(),
                "closed_at", closesAt.toString()));
      }
    }
  }

  private static String text(TextRequest body) {
    String text = Optional.ofNullable(body).map(TextRequest::text).orElse(null);
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
}

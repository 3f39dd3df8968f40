package dev.omnipost.gateway.inbox;

import dev.omnipost.connectors.Platform;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reviews of the workspace's businesses (Google Business Profile, Facebook ratings), newest first,
 * and the business's reply to one: set or removed as an inbox action (202, performed by the
 * inbox-ingestor, completed as {@code inbox.action.completed} / {@code inbox.action.failed}); 501
 * {@code platform.unsupported_operation} where the platform cannot reply (Facebook).
 */
@RestController
class InboxReviewsController {

  /** Google's limit on a reply: 4096 bytes of UTF-8. */
  static final int MAX_REPLY_BYTES = 4096;

  private final ReviewRepository reviews;
  private final InboxActions actions;
  private final PlatformConnectors connectors;

  InboxReviewsController(
      ReviewRepository reviews, InboxActions actions, PlatformConnectors connectors) {
    this.reviews = reviews;
    this.actions = actions;
    this.connectors = connectors;
  }

  @GetMapping("/v1/inbox/reviews")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<ReviewView>> list(
      Caller caller,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(required = false) String rating,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String replied,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    ReviewRepository.Filter filter =
        new ReviewRepository.Filter(
            accountId == null || accountId.isBlank() ? null : accountId,
            rating(rating),
            since == null || since.isBlank() ? null : Timestamps.parse("since", since),
            replied(replied));
    return reviews
        .list(caller, filter, after, pageSize + 1)
        .map(rows -> Cursor.page(rows, pageSize, ReviewView::createdAt, ReviewView::id));
  }

  @GetMapping("/v1/inbox/reviews/{id}")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Envelope<ReviewView>> get(Caller caller, @PathVariable String id) {
    return reviews
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("review", id)))
        .map(Envelope::of);
  }

  @PostMapping("/v1/inbox/reviews/{id}/reply")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> reply(
      Caller caller, @PathVariable String id, @RequestBody(required = false) TextRequest body) {
    return act(caller, id, "reply_to_review", body, true);
  }

  @DeleteMapping("/v1/inbox/reviews/{id}/reply")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> deleteReply(
      Caller caller, @PathVariable String id) {
    return act(caller, id, "delete_review_reply", null, false);
  }

  private Mono<ResponseEntity<Envelope<Map<String, Object>>>> act(
      Caller caller, String reviewId, String action, TextRequest body, boolean needsText) {
    // ownership first: another workspace's review is 404 whatever the body says
    return reviews
        .target(caller, reviewId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("review", reviewId)))
        .flatMap(
            review -> {
              String text = needsText ? text(body) : null;
              check(review, action);
              return actions.request(
                  caller,
                  review.accountId(),
                  review.platform(),
                  "review",
                  review.id(),
                  action,
                  text);
            })
        .map(
            actionId -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("action_id", actionId);
              data.put("status", "pending");
              data.put("action", action);
              data.put("item_id", reviewId);
              return ResponseEntity.status(HttpStatus.ACCEPTED).body(Envelope.of(data));
            });
  }

  private void check(ReviewRepository.Target review, String action) {
    boolean supported =
        Platform.fromId(review.platform())
            .flatMap(connectors::forPlatform)
            .map(c -> c.supports(InboxOperation.REPLY_TO_REVIEW))
            .orElse(false);
    if (!supported) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          review.platform() + " does not support " + InboxOperation.REPLY_TO_REVIEW.description(),
          Map.of("platform", review.platform(), "operation", action));
    }
    if (!"connected".equals(review.accountStatus())) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "account.not_connected",
          "The review's account is " + review.accountStatus() + "; reconnect it first",
          Map.of("account_id", review.accountId(), "status", review.accountStatus()));
    }
  }

  private static String text(TextRequest body) {
    String text = Optional.ofNullable(body).map(TextRequest::text).orElse(null);
    if (text == null || text.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "text is required", Map.of("field", "text"));
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_REPLY_BYTES) {
      throw ApiException.invalid(
          "request.invalid_field",
          "text must be at most " + MAX_REPLY_BYTES + " bytes of UTF-8",
          Map.of("field", "text", "max_bytes", MAX_REPLY_BYTES));
    }
    return text;
  }

  private static Integer rating(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int rating = Integer.parseInt(value.trim());
      if (rating >= 1 && rating <= 5) {
        return rating;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        "request.invalid_field",
        "rating must be a whole number of stars from 1 to 5",
        Map.of("field", "rating", "valid_values", List.of(1, 2, 3, 4, 5)));
  }

  private static Boolean replied(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalid(
              "request.invalid_field",
              "replied must be true or false",
              Map.of("field", "replied", "valid_values", List.of("true", "false")));
    };
  }
}

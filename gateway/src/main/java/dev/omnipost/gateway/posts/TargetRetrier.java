package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredPost;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredTarget;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.posts.TargetStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/posts/{id}/retry}: puts {@code failed} and {@code unconfirmed} targets back in
 * the queue, from a clean step state, and the post back to {@code publishing}.
 *
 * <p>The rule for {@code unconfirmed} (ADR 0009): a target whose platform post id is stored is on
 * the platform (the platform answered, Omnipost could not record it), so it is never re-queued: a
 * retry would post it twice. One without an id is the case the worker could not settle by asking
 * the platform; a person's retry is the decision the {@code unconfirmed} state waits for, and it
 * publishes again from scratch (the attempt marker is cleared with the rest of the step state).
 */
@Component
class TargetRetrier {

  private final PostRepository posts;
  private final PostLifecycleRepository lifecycle;
  private final TransactionalOperator transactions;

  TargetRetrier(
      PostRepository posts,
      PostLifecycleRepository lifecycle,
      TransactionalOperator gatewayTransactions) {
    this.posts = posts;
    this.lifecycle = lifecycle;
    this.transactions = gatewayTransactions;
  }

  Mono<PostView> retry(Caller caller, String id, RetryRequest body) {
    return lifecycle
        .lock(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .flatMap(
            stored -> {
              List<String> requested = body == null ? null : requestedIds(body.targetIds());
              List<StoredTarget> chosen = chosen(stored, requested);
              List<String> disconnected =
                  chosen.stream()
                      .filter(t -> !"connected".equals(t.accountStatus()))
                      .map(StoredTarget::accountId)
                      .toList();
              if (!disconnected.isEmpty()) {
                throw ApiException.invalid(
                    "post.account_not_connected",
                    "Reconnect these accounts before retrying: " + String.join(", ", disconnected),
                    Map.of("field", "target_ids", "account_ids", disconnected));
              }
              Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return lifecycle.requeue(stored, chosen.stream().map(StoredTarget::id).toList(), now);
            })
        .as(transactions::transactional)
        .then(Mono.defer(() -> posts.find(caller, id)));
  }

  private static List<String> requestedIds(List<String> ids) {
    if (ids == null) {
      return null;
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null || id.isBlank() || !unique.add(id)) {
        throw ApiException.invalid(
            "request.invalid_field",
            "target_ids must be distinct target ids",
            Map.of("field", "target_ids"));
      }
    }
    if (unique.isEmpty()) {
      throw ApiException.invalid(
          "request.invalid_field",
          "target_ids needs at least one target id; leave it out to retry every failed target",
          Map.of("field", "target_ids"));
    }
    return List.copyOf(unique);
  }

  /** The targets to retry: those named, or every retryable one; 400/409 otherwise. */
  private static List<StoredTarget> chosen(StoredPost stored, List<String> requested) {
    if (requested == null) {
      List<StoredTarget> retryable =
          stored.targets().stream().filter(TargetRetrier::retryable).toList();
      if (retryable.isEmpty()) {
        throw notRetryable(
            stored,
            stored.targets(),
            "Post " + stored.id() + " has no failed or unconfirmed targets to retry");
      }
      return retryable;
    }
    Map<String, StoredTarget> byId = new LinkedHashMap<>();
    stored.targets().forEach(t -> byId.put(t.id(), t));
    List<String> unknown = requested.stream().filter(t -> !byId.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "post.unknown_targets",
          "Post " + stored.id() + " has no target with id " + String.join(", ", unknown),
          Map.of("field", "target_ids", "target_ids", unknown));
    }
    List<StoredTarget> chosen = requested.stream().map(byId::get).toList();
    List<StoredTarget> refused = chosen.stream().filter(t -> !retryable(t)).toList();
    if (!refused.isEmpty()) {
      throw notRetryable(
          stored,
          refused,
          "Only failed targets, and unconfirmed ones the platform does not hold, can be retried: "
              + String.join(", ", refused.stream().map(StoredTarget::id).toList()));
    }
    return chosen;
  }

  static boolean retryable(StoredTarget target) {
    return (target.status() == TargetStatus.FAILED || target.status() == TargetStatus.UNCONFIRMED)
        && target.platformPostId() == null;
  }

  private static ApiException notRetryable(
      StoredPost stored, List<StoredTarget> targets, String message) {
    List<Map<String, Object>> details =
        targets.stream()
            .map(
                t -> {
                  Map<String, Object> detail = new LinkedHashMap<>();
                  detail.put("id", t.id());
                  detail.put("account_id", t.accountId());
                  detail.put("status", t.status().id());
                  if (t.platformPostId() != null) {
                    detail.put("platform_post_id", t.platformPostId());
                  }
                  return detail;
                })
            .toList();
    return new ApiException(
        HttpStatus.CONFLICT,
        "post.not_retryable",
        message,
        Map.of(
            "status",
            stored.status(),
            "target_ids",
            targets.stream().map(StoredTarget::id).toList(),
            "targets",
            details));
  }
}

package dev.omnipost.gateway.posts;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.posts.PostCanceled;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredPost;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredTarget;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.posts.TargetStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@code DELETE /v1/posts/{id}}: cancels a post none of whose targets has started publishing
 * (draft, scheduled, or queued and not yet claimed). All targets and the post become {@code
 * canceled} and {@code post.canceled} is recorded in one transaction, under the locks that keep the
 * scheduler from claiming a target meanwhile; a target that is publishing, published or settled
 * makes it a 409 {@code post.not_cancelable}.
 */
@Component
class PostCanceler {

  private final PostRepository posts;
  private final PostLifecycleRepository lifecycle;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;

  PostCanceler(
      PostRepository posts,
      PostLifecycleRepository lifecycle,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions) {
    this.posts = posts;
    this.lifecycle = lifecycle;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = gatewayTransactions;
  }

  /** A draft needs {@code posts:write}; a post that would publish also {@code posts:publish}. */
  Mono<PostView> cancel(Caller caller, String id) {
    return lifecycle
        .lock(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .flatMap(
            stored -> {
              if (!"draft".equals(stored.status())) {
                caller.requireScope(Scopes.POSTS_PUBLISH);
              }
              refuseUnlessWaiting(stored);
              Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return lifecycle
                  .cancel(stored, now)
                  .then(
                      outbox.publishEvent(
                          codec.wrap(
                              new PostCanceled(stored.id(), stored.accountIds()),
                              caller.workspaceId(),
                              stored.id())));
            })
        .as(transactions::transactional)
        .then(Mono.defer(() -> posts.find(caller, id)));
  }

  private static void refuseUnlessWaiting(StoredPost stored) {
    List<StoredTarget> started =
        stored.targets().stream()
            .filter(t -> !t.status().canMoveTo(TargetStatus.CANCELED))
            .toList();
    if (started.isEmpty()) {
      return;
    }
    boolean onPlatform =
        started.stream()
            .anyMatch(
                t ->
                    t.status() == TargetStatus.PUBLISHING
                        || t.status() == TargetStatus.PUBLISHED
                        || t.platformPostId() != null);
    String message =
        "canceled".equals(stored.status())
            ? "Post " + stored.id() + " is already canceled"
            : onPlatform
                ? "Post "
                    + stored.id()
                    + " is already publishing or published on some accounts; to remove it from"
                    + " them use POST /v1/posts/"
                    + stored.id()
                    + "/unpublish"
                : "Post "
                    + stored.id()
                    + " has targets that have already been attempted; only a post that has not"
                    + " started publishing can be canceled";
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("status", stored.status());
    meta.put(
        "targets",
        started.stream()
            .map(t -> Map.of("id", t.id(), "account_id", t.accountId(), "status", t.status().id()))
            .toList());
    throw new ApiException(HttpStatus.CONFLICT, "post.not_cancelable", message, meta);
  }
}

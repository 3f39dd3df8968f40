package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.rules.MediaFacts;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.events.posts.PostScheduled;
import dev.omnipost.gateway.posts.PostComposer.AccountRef;
import dev.omnipost.gateway.posts.PostComposer.Composition;
import dev.omnipost.gateway.posts.PostComposer.Evaluation;
import dev.omnipost.gateway.posts.PostComposer.Mode;
import dev.omnipost.gateway.posts.PostComposer.TargetDraft;
import dev.omnipost.gateway.posts.PostView.TargetView;
import dev.omnipost.gateway.queues.PostingQueues;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.persistence.outbox.OutboxMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates one post: the API's hot path. Two lookups (accounts, cached by {@link AccountRefs}, and
 * media), then one transaction with one statement for the post, its targets, the outbox events and
 * the monthly post quota (ADR 35). Used by {@code POST /v1/posts} and by every route that creates
 * posts in bulk, so they all validate, count and announce a post the same way.
 */
@Component
class PostCreator {

  private final PostRepository posts;
  private final AccountRefs accounts;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final PostMetrics metrics;
  private final JsonMapper jsonMapper;
  private final Quotas quotas;
  private final PostingQueues queues;
  private final PostingProperties settings;

  PostCreator(
      PostRepository posts,
      AccountRefs accounts,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions,
      PostMetrics metrics,
      JsonMapper jsonMapper,
      Quotas quotas,
      PostingQueues queues,
      PostingProperties settings) {
    this.settings = settings;
    this.posts = posts;
    this.accounts = accounts;
    this.codec = codec;
    this.transactions = gatewayTransactions;
    this.metrics = metrics;
    this.jsonMapper = jsonMapper;
    this.quotas = quotas;
    this.queues = queues;
  }

  /**
   * Validates and stores the post in its own transaction; a post that publishes or schedules needs
   * {@code posts:publish}, a draft only {@code posts:write}.
   */
  Mono<PostView> create(Caller caller, CreatePostRequest request) {
    return create(caller, request, transactions);
  }

  /**
   * As {@link #create(Caller, CreatePostRequest)}, storing through {@code operator}: a batch passes
   * one that nests each post in a savepoint when a surrounding transaction exists (an
   * Idempotency-Key's), so one failed post never rolls back the others.
   */
  Mono<PostView> create(Caller caller, CreatePostRequest request, TransactionalOperator operator) {
    return evaluate(caller, request)
        .flatMap(
            evaluated -> {
              Composition post =
                  PostComposer.compose(
                      request,
                      evaluated.accounts(),
                      evaluated.media(),
                      evaluated.now(),
                      settings.scheduleHorizon());
              return store(caller.workspaceId(), request, post, evaluated.now(), operator)
                  .doOnSuccess(stored -> metrics.created(stored.mode()))
                  .map(stored -> view(stored, evaluated.now()));
            });
  }

  /**
   * What {@code POST /v1/posts} would say about this request, storing nothing: the same 400s for
   * requests no platform could take (unknown or other workspaces' ids, a bad time, a missing
   * scope), and the rule books' findings per target.
   */
  Mono<Evaluation> validate(Caller caller, CreatePostRequest request) {
    return evaluate(caller, request)
        .map(
            evaluated ->
                PostComposer.evaluate(
                    request,
                    evaluated.accounts(),
                    evaluated.media(),
                    evaluated.now(),
                    settings.scheduleHorizon()));
  }

  private record Lookups(
      Map<String, AccountRef> accounts, Map<String, MediaFacts> media, Instant now) {}

  private Mono<Lookups> evaluate(Caller caller, CreatePostRequest request) {
    return Mono.defer(
        () -> {
          if (!Boolean.TRUE.equals(request.draft())) {
            caller.requireScope(Scopes.POSTS_PUBLISH);
          }
          List<String> accountIds = PostComposer.accountIds(request);
          return Mono.zip(
                  accounts.find(caller, accountIds),
                  posts.existingMedia(caller, PostComposer.mediaIds(request)))
              .map(
                  found ->
                      new Lookups(
                          found.getT1(),
                          found.getT2(),
                          Instant.now().truncatedTo(ChronoUnit.MICROS)));
        });
  }

  /** Stores the post; a queued one first gets its slots, under its accounts' queue locks. */
  private Mono<Composition> store(
      String workspaceId,
      CreatePostRequest request,
      Composition composed,
      Instant now,
      TransactionalOperator operator) {
    Mono<Composition> placed =
        composed.mode() == Mode.QUEUED
            ? queues
                .takeNextFreeSlots(workspaceId, PostComposer.accountIds(request))
                .map(composed::inSlots)
            : Mono.just(composed);
    return placed
        .flatMap(post -> insert(workspaceId, request, post, now).thenReturn(post))
        .as(operator::transactional);
  }

  private Mono<Void> insert(
      String workspaceId, CreatePostRequest request, Composition post, Instant now) {
    String overrides =
        jsonMapper.writeValueAsString(request.overrides() == null ? Map.of() : request.overrides());
    String options =
        jsonMapper.writeValueAsString(
            request.platformOptions() == null ? Map.of() : request.platformOptions());
    List<String> accountIds = post.targets().stream().map(TargetDraft::accountId).toList();
    List<OutboxMessage> events = new ArrayList<>();
    events.add(
        OutboxMessage.event(
            codec.wrap(
                new PostCreated(
                    post.postId(), post.mode().postStatus, accountIds, post.scheduledAt()),
                workspaceId,
                post.postId())));
    if (post.mode() == Mode.SCHEDULED || post.mode() == Mode.QUEUED) {
      events.add(
          OutboxMessage.event(
              codec.wrap(
                  new PostScheduled(post.postId(), accountIds, post.scheduledAt()),
                  workspaceId,
                  post.postId())));
    }
    // the usage row is locked by the same statement, so only until the commit; a 402 from settle
    // rolls the post back with the transaction
    Quotas.Counting quota = quotas.counting(workspaceId, Quota.POSTS_PER_MONTH, 1);
    return posts
        .insert(post, overrides, options, now, events, quota)
        .flatMap(outcome -> quotas.settle(quota, outcome));
  }

  private static PostView view(Composition post, Instant now) {
    List<TargetView> targets =
        post.targets().stream()
            .map(
                t ->
                    new TargetView(
                        t.id(),
                        t.accountId(),
                        t.platform(),
                        post.mode().targetStatus,
                        t.text(),
                        t.mediaIds(),
                        null,
                        null,
                        0,
                        null,
                        null,
                        post.mode() == Mode.NOW ? null : t.dueAt()))
            .toList();
    return new PostView(
        post.postId(),
        post.mode().postStatus,
        post.text(),
        targets.stream().map(TargetView::accountId).toList(),
        post.mediaIds(),
        post.scheduledAt(),
        now,
        now,
        targets);
  }
}

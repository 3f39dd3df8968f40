package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.events.posts.PostScheduled;
import dev.omnipost.gateway.posts.PostComposer.Composition;
import dev.omnipost.gateway.posts.PostComposer.Mode;
import dev.omnipost.gateway.posts.PostComposer.TargetDraft;
import dev.omnipost.gateway.posts.PostRepository.PostFilter;
import dev.omnipost.gateway.posts.PostView.TargetView;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating and reading posts. Creation is the API's hot path: two lookups (accounts, media), then
 * one transaction with one statement for the post and its targets and the outbox events.
 */
@RestController
class PostsController {

  private static final List<String> POST_STATUSES =
      List.of(
          "draft",
          "scheduled",
          "publishing",
          "published",
          "partially_published",
          "failed",
          "canceled");

  private final PostRepository posts;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final PostMetrics metrics;
  private final JsonMapper jsonMapper;
  private final Quotas quotas;

  PostsController(
      PostRepository posts,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions,
      PostMetrics metrics,
      JsonMapper jsonMapper,
      Quotas quotas) {
    this.posts = posts;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = gatewayTransactions;
    this.metrics = metrics;
    this.jsonMapper = jsonMapper;
    this.quotas = quotas;
  }

  @PostMapping("/v1/posts")
  @RequiresScope(Scopes.POSTS_WRITE)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<PostView>> create(Caller caller, @RequestBody CreatePostRequest request) {
    if (!Boolean.TRUE.equals(request.draft())) {
      caller.requireScope(Scopes.POSTS_PUBLISH);
    }
    List<String> accountIds = PostComposer.accountIds(request);
    return create(caller, request, accountIds).map(Envelope::of);
  }

  private Mono<PostView> create(Caller caller, CreatePostRequest request, List<String> accountIds) {
    String workspaceId = caller.workspaceId();
    return Mono.zip(
            posts.accounts(caller, accountIds),
            posts.existingMedia(caller, PostComposer.mediaIds(request)))
        .flatMap(
            found -> {
              Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
              Composition post = PostComposer.compose(request, found.getT1(), found.getT2(), now);
              return store(workspaceId, request, post, now)
                  .doOnSuccess(ignored -> metrics.created(post.mode()))
                  .thenReturn(view(post, now));
            });
  }

  private Mono<Void> store(
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
    if (post.mode() == Mode.SCHEDULED) {
      events.add(
          OutboxMessage.event(
              codec.wrap(
                  new PostScheduled(post.postId(), accountIds, post.scheduledAt()),
                  workspaceId,
                  post.postId())));
    }
    return posts
        .insert(workspaceId, post, overrides, options, now)
        .then(outbox.appendAll(events))
        // last, so the usage row is locked only for the commit; a 402 rolls the post back
        .then(quotas.consume(workspaceId, Quota.POSTS_PER_MONTH, 1))
        .as(transactions::transactional);
  }

  private static PostView view(Composition post, Instant now) {
    List<TargetView> targets =
        post.targets().stream()
            .map(
                t ->
                    new TargetView(
                        t.accountId(),
                        t.platform(),
                        post.mode().targetStatus,
                        t.text(),
                        t.mediaIds(),
                        null,
                        null,
                        0,
                        null,
                        null))
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

  @GetMapping("/v1/posts/{id}")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Envelope<PostView>> get(Caller caller, @PathVariable String id) {
    return posts
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .map(Envelope::of);
  }

  @GetMapping("/v1/posts")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Page<PostView>> list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(name = "brand_id", required = false) String brandId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    if (status != null && !POST_STATUSES.contains(status)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "Unknown post status '" + status + "'",
          Map.of("field", "status", "valid_values", POST_STATUSES));
    }
    String platformId =
        platform == null
            ? null
            : Platform.fromId(platform)
                .map(Platform::id)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "request.invalid_platform",
                            "Unknown platform '" + platform + "'",
                            Map.of("field", "platform", "valid_values", Platform.ids())));
    PostFilter filter =
        new PostFilter(
            status, platformId, accountId, brandId, timestamp("from", from), timestamp("to", to));
    return posts
        .list(caller, filter, after, pageSize + 1)
        .map(rows -> Cursor.page(rows, pageSize, PostView::createdAt, PostView::id));
  }

  private static Instant timestamp(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be an RFC 3339 timestamp",
          Map.of("field", field));
    }
  }
}

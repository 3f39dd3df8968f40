package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.posts.PostScheduled;
import dev.omnipost.gateway.posts.CreatePostRequest.TargetOverride;
import dev.omnipost.gateway.posts.PostComposer.Composition;
import dev.omnipost.gateway.posts.PostComposer.Mode;
import dev.omnipost.gateway.posts.PostComposer.TargetDraft;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredPost;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredTarget;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes a post that has not started publishing: {@code PATCH} (edit a draft or scheduled post),
 * publish a draft now, schedule or reschedule. Each one merges the change into the stored post and
 * runs it through {@link PostComposer} exactly as creation does (accounts, media, overrides, every
 * platform rule, the time), under the locks of {@link PostLifecycleRepository#lock}, and rewrites
 * the post and its targets in the same transaction, with {@code post.scheduled} when it is
 * (re)scheduled.
 */
@Component
class PostEditor {

  private static final TypeReference<Map<String, TargetOverride>> OVERRIDES =
      new TypeReference<>() {};
  private static final TypeReference<Map<String, JsonNode>> OPTIONS = new TypeReference<>() {};

  private final PostRepository posts;
  private final PostLifecycleRepository lifecycle;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final JsonMapper jsonMapper;
  private final PostingProperties settings;

  PostEditor(
      PostRepository posts,
      PostLifecycleRepository lifecycle,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions,
      JsonMapper jsonMapper,
      PostingProperties settings) {
    this.settings = settings;
    this.posts = posts;
    this.lifecycle = lifecycle;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = gatewayTransactions;
    this.jsonMapper = jsonMapper;
  }

  /**
   * The post after the change, and the planned time a draft keeps without re-validating it (a
   * draft's planned time may have passed; it is checked when the draft is scheduled).
   */
  private record Plan(CreatePostRequest request, Instant draftScheduledAt) {}

  /**
   * {@code PATCH}: a draft needs {@code posts:write}; a post that is or becomes scheduled also
   * {@code posts:publish}.
   */
  Mono<PostView> edit(Caller caller, String id, UpdatePostRequest patch) {
    return rewrite(
        caller,
        id,
        stored -> {
          boolean wasDraft = "draft".equals(stored.status());
          if (!wasDraft && !"scheduled".equals(stored.status())) {
            throw wrongState(
                "post.not_editable",
                "Only a draft or scheduled post can be edited; post "
                    + id
                    + " is "
                    + stored.status(),
                stored);
          }
          boolean draft = patch.draft() != null ? patch.draft() : wasDraft;
          if (!wasDraft || !draft) {
            caller.requireScope(Scopes.POSTS_PUBLISH);
          }
          String scheduledAt = patch.scheduledAt();
          if (scheduledAt == null && !draft && stored.scheduledAt() != null) {
            scheduledAt = stored.scheduledAt().toString();
          }
          if (!draft && scheduledAt == null) {
            throw ApiException.invalid(
                "request.missing_field",
                "A draft is scheduled with a scheduled_at; to publish it now, POST /v1/posts/"
                    + id
                    + "/publish",
                Map.of("field", "scheduled_at"));
          }
          List<String> accountIds =
              patch.accountIds() != null ? patch.accountIds() : stored.accountIds();
          CreatePostRequest request =
              new CreatePostRequest(
                  patch.text() != null ? patch.text() : stored.text(),
                  accountIds,
                  patch.mediaIds() != null ? patch.mediaIds() : stored.mediaIds(),
                  patch.overrides() != null
                      ? patch.overrides()
                      : storedOverrides(stored, accountIds),
                  patch.platformOptions() != null ? patch.platformOptions() : storedOptions(stored),
                  scheduledAt,
                  draft);
          return new Plan(
              request, draft && patch.scheduledAt() == null ? stored.scheduledAt() : null);
        });
  }

  /** {@code POST …/publish}: a draft's targets are queued, due now. */
  Mono<PostView> publish(Caller caller, String id) {
    return rewrite(
        caller,
        id,
        stored -> {
          if (!"draft".equals(stored.status())) {
            throw wrongState(
                "post.not_publishable",
                "Only a draft can be published now; post "
                    + id
                    + " is "
                    + stored.status()
                    + ("scheduled".equals(stored.status())
                        ? " (reschedule it with POST /v1/posts/" + id + "/schedule)"
                        : ""),
                stored);
          }
          return new Plan(as(stored, null), null);
        });
  }

  /** {@code POST …/schedule}: a draft or scheduled post is due at {@code scheduled_at}. */
  Mono<PostView> schedule(Caller caller, String id, ScheduleRequest body) {
    return rewrite(
        caller,
        id,
        stored -> {
          if (body == null || body.scheduledAt() == null) {
            throw ApiException.invalid(
                "request.missing_field",
                "scheduled_at is required",
                Map.of("field", "scheduled_at"));
          }
          if (!"draft".equals(stored.status()) && !"scheduled".equals(stored.status())) {
            throw wrongState(
                "post.not_schedulable",
                "Only a draft or scheduled post can be scheduled; post "
                    + id
                    + " is "
                    + stored.status(),
                stored);
          }
          return new Plan(as(stored, body.scheduledAt()), null);
        });
  }

  private Mono<PostView> rewrite(Caller caller, String id, Function<StoredPost, Plan> planner) {
    return lifecycle
        .lock(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .flatMap(
            stored -> {
              Plan plan = planner.apply(stored);
              CreatePostRequest request = plan.request();
              List<String> accountIds = PostComposer.accountIds(request);
              return posts
                  .accounts(caller, accountIds)
                  .zipWhen(found -> posts.existingMedia(caller, PostComposer.mediaIds(request)))
                  .flatMap(
                      found -> {
                        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        Composition composed =
                            PostComposer.compose(
                                request,
                                found.getT1(),
                                found.getT2(),
                                now,
                                settings.scheduleHorizon());
                        if (plan.draftScheduledAt() != null) {
                          composed = withScheduledAt(composed, plan.draftScheduledAt());
                        }
                        return store(caller.workspaceId(), stored, request, composed, now);
                      });
            })
        .as(transactions::transactional)
        .then(Mono.defer(() -> posts.find(caller, id)));
  }

  private Mono<Void> store(
      String workspaceId,
      StoredPost stored,
      CreatePostRequest request,
      Composition post,
      Instant now) {
    Map<String, StoredTarget> existing =
        stored.targets().stream()
            .collect(Collectors.toMap(StoredTarget::accountId, Function.identity()));
    // an edit that leaves a scheduled post's time alone leaves each target's own due time alone:
    // a queued post's targets each hold their account's queue slot
    boolean keepDueTimes =
        "scheduled".equals(stored.status())
            && post.mode() == Mode.SCHEDULED
            && Objects.equals(stored.scheduledAt(), post.scheduledAt());
    List<TargetDraft> kept = new ArrayList<>();
    List<TargetDraft> added = new ArrayList<>();
    for (TargetDraft target : post.targets()) {
      StoredTarget old = existing.get(target.accountId());
      if (old == null) {
        added.add(target);
      } else {
        kept.add(
            new TargetDraft(
                old.id(),
                target.accountId(),
                target.platform(),
                target.text(),
                target.mediaIds(),
                keepDueTimes && old.dueAt() != null ? old.dueAt() : target.dueAt()));
      }
    }
    if (keepDueTimes) {
      // the post is due when its first target is (dropping the earliest slot moves it later)
      post =
          withScheduledAt(
              post,
              Stream.concat(kept.stream(), added.stream())
                  .map(TargetDraft::dueAt)
                  .min(Comparator.naturalOrder())
                  .orElse(post.scheduledAt()));
    }
    Set<String> accounts =
        post.targets().stream().map(TargetDraft::accountId).collect(Collectors.toSet());
    List<String> removed =
        stored.targets().stream()
            .filter(t -> !accounts.contains(t.accountId()))
            .map(StoredTarget::id)
            .toList();
    Mono<Void> write =
        lifecycle.rewrite(
            workspaceId,
            stored,
            post,
            kept,
            added,
            removed,
            jsonMapper.writeValueAsString(
                request.overrides() == null ? Map.of() : request.overrides()),
            jsonMapper.writeValueAsString(
                request.platformOptions() == null ? Map.of() : request.platformOptions()),
            now);
    boolean rescheduled =
        post.mode() == Mode.SCHEDULED
            && (!"scheduled".equals(stored.status())
                || !Objects.equals(stored.scheduledAt(), post.scheduledAt())
                || !accounts.equals(new HashSet<>(stored.accountIds())));
    if (!rescheduled) {
      return write;
    }
    List<String> accountIds = post.targets().stream().map(TargetDraft::accountId).toList();
    return write.then(
        outbox.publishEvent(
            codec.wrap(
                new PostScheduled(stored.id(), accountIds, post.scheduledAt()),
                workspaceId,
                stored.id())));
  }

  /** The stored post as a create request: publishing now or at {@code scheduledAt}. */
  private CreatePostRequest as(StoredPost stored, String scheduledAt) {
    return new CreatePostRequest(
        stored.text(),
        stored.accountIds(),
        stored.mediaIds(),
        storedOverrides(stored, stored.accountIds()),
        storedOptions(stored),
        scheduledAt,
        false);
  }

  /**
   * The stored overrides, without those of accounts the post no longer goes to (left in, they would
   * make the edit fail with {@code post.invalid_override} for a key the caller never sent).
   */
  private Map<String, TargetOverride> storedOverrides(StoredPost stored, List<String> accountIds) {
    Map<String, TargetOverride> overrides = new LinkedHashMap<>();
    jsonMapper
        .readValue(stored.overridesJson(), OVERRIDES)
        .forEach(
            (key, value) -> {
              if (accountIds.contains(key) || Platform.ids().contains(key)) {
                overrides.put(key, value);
              }
            });
    return overrides;
  }

  private Map<String, JsonNode> storedOptions(StoredPost stored) {
    return jsonMapper.readValue(stored.optionsJson(), OPTIONS);
  }

  private static Composition withScheduledAt(Composition post, Instant scheduledAt) {
    return new Composition(
        post.postId(), post.mode(), post.text(), post.mediaIds(), scheduledAt, post.targets());
  }

  static ApiException wrongState(String code, String message, StoredPost stored) {
    return new ApiException(
        HttpStatus.CONFLICT, code, message, Map.of("status", stored.status(), "id", stored.id()));
  }
}

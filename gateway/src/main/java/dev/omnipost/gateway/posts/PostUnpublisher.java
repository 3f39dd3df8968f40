package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeleteTarget;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredPost;
import dev.omnipost.gateway.posts.PostLifecycleRepository.StoredTarget;
import dev.omnipost.gateway.posts.UnpublishRepository.DeleteState;
import dev.omnipost.gateway.posts.UnpublishView.TargetResult;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.posts.TargetStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/posts/{id}/unpublish}: asks the publisher-worker to delete the post's published
 * copies. The gateway only decides and records: under the post's locks it marks each deletable
 * published target ({@code delete_requested_at}) and appends one {@link DeleteTarget} command per
 * target to the outbox, in one transaction; the worker calls the platforms, retries transient
 * failures, marks the targets {@code deleted} and emits {@code post.unpublished} (ADR 0014).
 *
 * <p>Repeating the request changes nothing for targets already deleting or deleted; a target whose
 * earlier delete failed is asked again. A post none of whose targets was ever published answers 409
 * {@code post.not_published}; one whose published targets are all on platforms that cannot delete
 * (Instagram) answers 501 {@code platform.unsupported_operation}.
 */
@Component
class PostUnpublisher {

  /** What the route answers: 202 while a delete is under way, else 200. */
  record Outcome(boolean accepted, UnpublishView view) {}

  private final PostLifecycleRepository lifecycle;
  private final UnpublishRepository deletes;
  private final PlatformConnectors connectors;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;

  PostUnpublisher(
      PostLifecycleRepository lifecycle,
      UnpublishRepository deletes,
      PlatformConnectors platformConnectors,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator gatewayTransactions) {
    this.lifecycle = lifecycle;
    this.deletes = deletes;
    this.connectors = platformConnectors;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = gatewayTransactions;
  }

  Mono<Outcome> unpublish(Caller caller, String id) {
    return lifecycle
        .lock(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .flatMap(
            stored -> deletes.states(stored.id()).flatMap(states -> decide(caller, stored, states)))
        .as(transactions::transactional);
  }

  private Mono<Outcome> decide(Caller caller, StoredPost stored, List<DeleteState> rows) {
    Map<String, DeleteState> states =
        rows.stream().collect(Collectors.toMap(DeleteState::id, Function.identity()));
    boolean everPublished =
        stored.targets().stream()
            .anyMatch(
                t -> t.status() == TargetStatus.PUBLISHED || t.status() == TargetStatus.DELETED);
    if (!everPublished) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "post.not_published",
          "Post "
              + stored.id()
              + " is not published on any account, so there is nothing to unpublish"
              + ("canceled".equals(stored.status())
                      || "draft".equals(stored.status())
                      || "scheduled".equals(stored.status())
                  ? "; to stop it from publishing use DELETE /v1/posts/" + stored.id()
                  : ""),
          Map.of("status", stored.status(), "targets", statuses(stored)));
    }
    List<TargetResult> results = new ArrayList<>();
    List<StoredTarget> toRequest = new ArrayList<>();
    for (StoredTarget target : stored.targets()) {
      DeleteState state = states.get(target.id());
      String platform = state.platform();
      if (target.status() == TargetStatus.DELETED) {
        results.add(result(target, platform, "deleted", null));
      } else if (target.status() != TargetStatus.PUBLISHED) {
        results.add(result(target, platform, "skipped", null));
      } else if (!canDelete(platform)) {
        results.add(
            result(
                target,
                platform,
                "unsupported",
                Map.of(
                    "code",
                    "platform.unsupported_operation",
                    "message",
                    platform + " does not let Omnipost delete a published post; remove it there")));
      } else {
        if (!state.pending()) {
          toRequest.add(target);
        }
        results.add(result(target, platform, "deleting", null));
      }
    }
    boolean deleting = results.stream().anyMatch(r -> "deleting".equals(r.result()));
    boolean deleted = results.stream().anyMatch(r -> "deleted".equals(r.result()));
    if (!deleting && !deleted) {
      throw new ApiException(
          HttpStatus.NOT_IMPLEMENTED,
          "platform.unsupported_operation",
          "None of the platforms post "
              + stored.id()
              + " is published on can delete it through its API: "
              + String.join(
                  ", ",
                  results.stream()
                      .filter(r -> "unsupported".equals(r.result()))
                      .map(TargetResult::platform)
                      .distinct()
                      .toList()),
          Map.of("targets", results.stream().map(PostUnpublisher::meta).toList()));
    }
    UnpublishView view = new UnpublishView(stored.id(), results);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return deletes
        .request(stored.id(), toRequest.stream().map(StoredTarget::id).toList(), now)
        .flatMap(
            updated -> {
              if (updated != toRequest.size()) {
                return Mono.error(
                    ApiException.conflict(
                        "post.changed",
                        "Post " + stored.id() + " changed while it was being unpublished; retry"));
              }
              return outbox.appendAll(
                  toRequest.stream()
                      .map(
                          t ->
                              OutboxMessage.to(
                                  Topics.PUBLISH_COMMANDS,
                                  t.accountId(),
                                  codec.wrap(
                                      new DeleteTarget(
                                          t.id(), stored.id(), t.accountId(), caller.workspaceId()),
                                      caller.workspaceId(),
                                      t.id())))
                      .toList());
            })
        .thenReturn(new Outcome(deleting, view));
  }

  private boolean canDelete(String platform) {
    return PostPlatforms.connector(connectors, platform)
        .map(PlatformConnector::canDelete)
        .orElse(false);
  }

  private static TargetResult result(
      StoredTarget target, String platform, String result, Map<String, String> error) {
    return new TargetResult(
        target.id(), target.accountId(), platform, target.status().id(), result, error);
  }

  private static Map<String, Object> meta(TargetResult result) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", result.id());
    meta.put("account_id", result.accountId());
    meta.put("platform", result.platform());
    meta.put("result", result.result());
    return meta;
  }

  private static List<Map<String, Object>> statuses(StoredPost stored) {
    return stored.targets().stream()
        .map(
            t ->
                Map.<String, Object>of(
                    "id", t.id(), "account_id", t.accountId(), "status", t.status().id()))
        .toList();
  }
}

package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.posts.PostComposer.Composition;
import dev.omnipost.gateway.posts.PostComposer.TargetDraft;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.posts.TargetStatus;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The writes of the lifecycle routes (edit, publish, schedule, cancel, retry) on {@code posts} and
 * {@code post_targets}. Every route first {@link #lock locks} the post's target rows and then the
 * post row, in that order, because the publisher-worker's scheduler claims targets (row locks,
 * {@code SKIP LOCKED}) before it updates their posts: the same order on both sides means a route
 * and a claim never deadlock, and whichever locks a target first wins. Every update is also guarded
 * by the statuses the route checked ({@code WHERE status IN (…)}); a guard that matches fewer rows
 * than expected rolls the route back with a 409 instead of overwriting a claim.
 */
@Component
class PostLifecycleRepository {

  /** A post with its targets, read under the locks of the caller's transaction. */
  record StoredPost(
      String id,
      String status,
      String text,
      List<String> mediaIds,
      String overridesJson,
      String optionsJson,
      Instant scheduledAt,
      List<StoredTarget> targets) {

    List<String> accountIds() {
      return targets.stream().map(StoredTarget::accountId).toList();
    }
  }

  /** One target as the lifecycle rules need it; {@code dueAt} is its own (a queued post's slot). */
  record StoredTarget(
      String id,
      String accountId,
      String accountStatus,
      TargetStatus status,
      String platformPostId,
      Instant dueAt) {}

  private static final String TARGETS =
      "SELECT t.id, t.account_id, a.status AS account_status, t.status, t.platform_post_id,"
          + " t.due_at"
          + " FROM post_targets t JOIN accounts a ON a.id = t.account_id"
          + " WHERE t.workspace_id = :ws AND t.post_id = :post ORDER BY t.created_at, t.id"
          + " FOR UPDATE OF t";

  private static final String INSERT_TARGETS =
      "INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status, text,"
          + " media_ids, due_at, created_at, updated_at)"
          + " SELECT t.id, :ws, :post, t.account_id, t.platform, :status, t.text,"
          + " string_to_array(t.media, ','), :dueAt, :now + t.n * interval '1 microsecond', :now"
          + " FROM unnest(CAST(:ids AS text[]), CAST(:accountIds AS text[]),"
          + " CAST(:platforms AS text[]), CAST(:texts AS text[]), CAST(:media AS text[]))"
          + " WITH ORDINALITY AS t(id, account_id, platform, text, media, n)";

  private static final String UPDATE_TARGETS =
      "UPDATE post_targets t SET status = :status, text = u.text,"
          + " media_ids = string_to_array(u.media, ','), due_at = u.due_at, updated_at = :now"
          + " FROM unnest(CAST(:ids AS text[]), CAST(:texts AS text[]), CAST(:media AS text[]),"
          + " CAST(:dueAts AS timestamptz[])) AS u(id, text, media, due_at)"
          + " WHERE t.id = u.id AND t.post_id = :post AND t.status IN ('draft', 'scheduled')";

  /**
   * Back to the start: the scheduler claims it like a new target. Step state, attempt marker,
   * lease, retry count and the last error are cleared here, not left for the claim to clear.
   */
  private static final String REQUEUE =
      "UPDATE post_targets SET status = 'queued', due_at = :now, claimed_at = NULL,"
          + " error_code = NULL, error_message = NULL, step_state = NULL, step_attempt = NULL,"
          + " step_attempt_at = NULL, lease_until = NULL, next_check_at = NULL,"
          + " transient_failures = 0, updated_at = :now"
          + " WHERE post_id = :post AND id = ANY(:ids) AND status IN ('failed', 'unconfirmed')"
          + " AND platform_post_id IS NULL";

  private final DatabaseClient db;

  private final TraceContexts traces;

  PostLifecycleRepository(DatabaseClient db, TraceContexts traces) {
    this.db = db;
    this.traces = traces;
  }

  /**
   * Locks the post and its targets for the rest of the caller's transaction and reads them; empty
   * if the post is not the caller's (another workspace, or a target outside a restricted key's
   * brands). Targets first, then the post, then the targets again: a target another route added
   * while this one waited for the post is read (and locked) too.
   */
  Mono<StoredPost> lock(Caller caller, String postId) {
    return targets(caller.workspaceId(), postId)
        .then(lockedPost(caller, postId))
        .flatMap(
            post ->
                targets(caller.workspaceId(), postId)
                    .map(
                        targets ->
                            new StoredPost(
                                post.id(),
                                post.status(),
                                post.text(),
                                post.mediaIds(),
                                post.overridesJson(),
                                post.optionsJson(),
                                post.scheduledAt(),
                                targets)));
  }

  private Mono<List<StoredTarget>> targets(String workspaceId, String postId) {
    return db.sql(TARGETS)
        .bind("ws", workspaceId)
        .bind("post", postId)
        .map(
            row ->
                new StoredTarget(
                    row.get("id", String.class),
                    row.get("account_id", String.class),
                    row.get("account_status", String.class),
                    TargetStatus.fromId(row.get("status", String.class)),
                    row.get("platform_post_id", String.class),
                    Optional.ofNullable(row.get("due_at", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant)
                        .orElse(null)))
        .all()
        .collectList();
  }

  private Mono<StoredPost> lockedPost(Caller caller, String postId) {
    SqlQuery query =
        new SqlQuery(
                "SELECT id, status, text, media_ids, CAST(overrides AS text) AS overrides,"
                    + " CAST(platform_options AS text) AS options, scheduled_at"
                    + " FROM posts p WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("id = :id", "id", postId);
    PostRepository.allTargetsWithinBrands(caller, query);
    return query.append("FOR UPDATE").on(db).map(PostLifecycleRepository::postRow).one();
  }

  /**
   * Rewrites a draft or scheduled post as {@code post} composed it: the post row, the targets of
   * accounts it keeps (same ids), the new ones, and deletes those of accounts it dropped.
   */
  Mono<Void> rewrite(
      String workspaceId,
      StoredPost stored,
      Composition post,
      List<TargetDraft> kept,
      List<TargetDraft> added,
      List<String> removedIds,
      String overridesJson,
      String optionsJson,
      Instant now) {
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                "UPDATE posts SET status = :status, text = :text, media_ids = :mediaIds,"
                    + " overrides = CAST(:overrides AS jsonb),"
                    + " platform_options = CAST(:options AS jsonb), scheduled_at = :scheduledAt,"
                    + " updated_at = :now WHERE id = :id AND status IN ('draft', 'scheduled')")
            .bind("id", stored.id())
            .bind("status", post.mode().postStatus)
            .bind("text", post.text())
            .bind("mediaIds", post.mediaIds().toArray(String[]::new))
            .bind("overrides", overridesJson)
            .bind("options", optionsJson)
            .bind("now", utc(now));
    update = PostRepository.bindInstant(update, "scheduledAt", post.scheduledAt());
    Mono<Void> targets =
        deleteTargets(stored.id(), removedIds)
            .then(updateTargets(stored.id(), post, kept, now))
            .then(insertTargets(workspaceId, stored.id(), post, added, now));
    return expect(update.fetch().rowsUpdated(), 1, stored.id()).then(targets);
  }

  private Mono<Void> deleteTargets(String postId, List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    return expect(
        db.sql(
                "DELETE FROM post_targets WHERE post_id = :post AND id = ANY(:ids)"
                    + " AND status IN ('draft', 'scheduled')")
            .bind("post", postId)
            .bind("ids", ids.toArray(String[]::new))
            .fetch()
            .rowsUpdated(),
        ids.size(),
        postId);
  }

  private Mono<Void> updateTargets(
      String postId, Composition post, List<TargetDraft> targets, Instant now) {
    if (targets.isEmpty()) {
      return Mono.empty();
    }
    DatabaseClient.GenericExecuteSpec update =
        db.sql(UPDATE_TARGETS)
            .bind("post", postId)
            .bind("status", post.mode().targetStatus)
            .bind("now", utc(now))
            .bind("ids", targets.stream().map(TargetDraft::id).toArray(String[]::new))
            .bind("texts", targets.stream().map(TargetDraft::text).toArray(String[]::new))
            .bind("media", media(targets))
            // each its own: an edit that keeps a queued post's schedule keeps its targets' slots
            .bind(
                "dueAts",
                targets.stream()
                    .map(t -> t.dueAt() == null ? null : utc(t.dueAt()))
                    .toArray(OffsetDateTime[]::new));
    return expect(update.fetch().rowsUpdated(), targets.size(), postId);
  }

  private Mono<Void> insertTargets(
      String workspaceId, String postId, Composition post, List<TargetDraft> targets, Instant now) {
    if (targets.isEmpty()) {
      return Mono.empty();
    }
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(INSERT_TARGETS)
            .bind("ws", workspaceId)
            .bind("post", postId)
            .bind("status", post.mode().targetStatus)
            .bind("now", utc(now))
            .bind("ids", targets.stream().map(TargetDraft::id).toArray(String[]::new))
            .bind("accountIds", targets.stream().map(TargetDraft::accountId).toArray(String[]::new))
            .bind("platforms", targets.stream().map(TargetDraft::platform).toArray(String[]::new))
            .bind("texts", targets.stream().map(TargetDraft::text).toArray(String[]::new))
            .bind("media", media(targets));
    insert = PostRepository.bindInstant(insert, "dueAt", post.sharedDueAt());
    return insert.fetch().rowsUpdated().then();
  }

  /** Cancels every target and the post; only waiting targets may be canceled. */
  Mono<Void> cancel(StoredPost stored, Instant now) {
    Mono<Long> targets =
        db.sql(
                "UPDATE post_targets SET status = 'canceled', updated_at = :now"
                    + " WHERE post_id = :post AND status IN ('draft', 'scheduled', 'queued')")
            .bind("post", stored.id())
            .bind("now", utc(now))
            .fetch()
            .rowsUpdated();
    Mono<Long> post =
        db.sql(
                "UPDATE posts SET status = 'canceled', updated_at = :now"
                    + " WHERE id = :id AND status IN ('draft', 'scheduled', 'publishing')")
            .bind("id", stored.id())
            .bind("now", utc(now))
            .fetch()
            .rowsUpdated();
    return expect(targets, stored.targets().size(), stored.id()).then(expect(post, 1, stored.id()));
  }

  /** Re-queues {@code targetIds} (failed or unconfirmed, no platform id) and the post. */
  Mono<Void> requeue(StoredPost stored, Collection<String> targetIds, Instant now) {
    Mono<Long> targets =
        db.sql(REQUEUE)
            .bind("post", stored.id())
            .bind("ids", targetIds.toArray(String[]::new))
            .bind("now", utc(now))
            .fetch()
            .rowsUpdated();
    // the retry request's trace: the publish commands of the requeued targets continue it, so the
    // attempts a person asked for are found under their request (ADR 30)
    Mono<Long> post =
        Mono.deferContextual(
            context -> {
              String traceparent = traces.in(context);
              DatabaseClient.GenericExecuteSpec update =
                  db.sql(
                          "UPDATE posts SET status = 'publishing', updated_at = :now,"
                              + " traceparent = COALESCE(:traceparent, traceparent)"
                              + " WHERE id = :id AND status <> 'canceled'")
                      .bind("id", stored.id())
                      .bind("now", utc(now));
              return (traceparent == null
                      ? update.bindNull("traceparent", String.class)
                      : update.bind("traceparent", traceparent))
                  .fetch()
                  .rowsUpdated();
            });
    return expect(targets, targetIds.size(), stored.id()).then(expect(post, 1, stored.id()));
  }

  /**
   * A guarded write must change exactly the rows the route checked under its locks; anything else
   * means a worker moved one meanwhile, and the route rolls back rather than overwrite it.
   */
  private static Mono<Void> expect(Mono<Long> rowsUpdated, long expected, String postId) {
    return rowsUpdated.flatMap(
        rows ->
            rows == expected
                ? Mono.<Void>empty()
                : Mono.error(
                    ApiException.conflict(
                        "post.changed",
                        "Post "
                            + postId
                            + " changed while it was being updated (a target started"
                            + " publishing); read it again")));
  }

  private static String[] media(List<TargetDraft> targets) {
    return targets.stream().map(t -> String.join(",", t.mediaIds())).toArray(String[]::new);
  }

  private static StoredPost postRow(Readable row) {
    String[] media = row.get("media_ids", String[].class);
    OffsetDateTime scheduledAt = row.get("scheduled_at", OffsetDateTime.class);
    return new StoredPost(
        row.get("id", String.class),
        row.get("status", String.class),
        row.get("text", String.class),
        media == null ? List.of() : Arrays.asList(media),
        row.get("overrides", String.class),
        row.get("options", String.class),
        scheduledAt == null ? null : scheduledAt.toInstant(),
        List.of());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

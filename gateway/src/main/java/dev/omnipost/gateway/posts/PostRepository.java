package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.rules.MediaFacts;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.posts.PostComposer.AccountRef;
import dev.omnipost.gateway.posts.PostComposer.Composition;
import dev.omnipost.gateway.posts.PostComposer.TargetDraft;
import dev.omnipost.gateway.posts.PostView.TargetError;
import dev.omnipost.gateway.posts.PostView.TargetView;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads and writes {@code posts} and {@code post_targets}. The insert writes the post, all of its
 * targets, its outbox events and its quota count in one statement (data-modifying CTEs over
 * unnested arrays), because it is the hot path of the API.
 */
@Component
class PostRepository {

  /**
   * The post, its targets, its outbox messages and event-log rows, and the count against the
   * monthly post quota: one statement, one round trip (ADR 35). Foreign keys are checked at the
   * statement's end, so the targets may reference the post inserted beside them.
   */
  private static final String INSERT =
      "WITH post AS ("
          + " INSERT INTO posts (id, workspace_id, status, text, media_ids, overrides, platform_options,"
          + " scheduled_at, created_at, updated_at, traceparent)"
          + " VALUES (:id, :ws, :status, :text, :mediaIds, CAST(:overrides AS jsonb),"
          + " CAST(:options AS jsonb), :scheduledAt, :now, :now, :traceparent)),"
          + " targets AS ("
          + " INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status, text,"
          + " media_ids, due_at, created_at, updated_at)"
          + " SELECT t.id, :ws, :id, t.account_id, t.platform, :targetStatus, t.text,"
          + " string_to_array(t.media, ','), t.due_at,"
          // a microsecond apart, so reads list targets in the order the request named them
          + " :now + (t.n - 1) * interval '1 microsecond', :now"
          + " FROM unnest(CAST(:targetIds AS text[]), CAST(:accountIds AS text[]),"
          + " CAST(:platforms AS text[]), CAST(:texts AS text[]), CAST(:media AS text[]),"
          + " CAST(:dueAts AS timestamptz[]))"
          + " WITH ORDINALITY AS t(id, account_id, platform, text, media, due_at, n)),"
          + " "
          + ReactiveOutbox.commonTableExpressions()
          + ", "
          + Quotas.Counting.commonTableExpressions()
          + " SELECT"
          + Quotas.Counting.resultColumns();

  private static final String POST_COLUMNS =
      "id, status, text, media_ids, scheduled_at, created_at, updated_at";

  /** A target's due time shows as its {@code scheduled_at} when its post is scheduled. */
  private static final String TARGET_COLUMNS =
      "t.id, t.post_id, t.account_id, t.platform, t.status, t.text, t.media_ids,"
          + " t.platform_post_id, t.permalink, t.attempts, t.error_code, t.error_message,"
          + " t.published_at,"
          + " CASE WHEN p.scheduled_at IS NULL THEN NULL ELSE t.due_at END AS scheduled_at";

  private final DatabaseClient db;
  private final TraceContexts traces;
  private final ReactiveOutbox outbox;

  PostRepository(DatabaseClient db, TraceContexts traces, ReactiveOutbox outbox) {
    this.db = db;
    this.traces = traces;
    this.outbox = outbox;
  }

  /** The accounts among {@code ids} the caller may post to (its brands' only, if restricted). */
  Mono<Map<String, AccountRef>> accounts(Caller caller, List<String> ids) {
    SqlQuery query =
        new SqlQuery(
                "SELECT id, platform, status, ARRAY(SELECT jsonb_object_keys(settings)) AS setting_keys"
                    + " FROM accounts WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("id = ANY(:ids)", "ids", ids.toArray(String[]::new));
    brandColumnWithin(caller, query);
    return query
        .on(db)
        .map(
            row -> {
              String[] keys = row.get("setting_keys", String[].class);
              return new AccountRef(
                  row.get("id", String.class),
                  row.get("platform", String.class),
                  row.get("status", String.class),
                  keys == null ? Set.of() : Set.of(keys));
            })
        .all()
        .collectMap(AccountRef::id);
  }

  /**
   * The ids of the caller's connected accounts on each of {@code platforms} (its brands' only, if
   * restricted), oldest first: what an import row's {@code platforms} column names.
   */
  Mono<Map<String, List<String>>> connectedAccountsOn(Caller caller, Collection<String> platforms) {
    if (platforms.isEmpty()) {
      return Mono.just(Map.of());
    }
    SqlQuery query =
        new SqlQuery("SELECT id, platform FROM accounts WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("platform = ANY(:platforms)", "platforms", platforms.toArray(String[]::new))
            .and("status = :connected", "connected", "connected");
    brandColumnWithin(caller, query);
    query.append("ORDER BY created_at, id");
    return query
        .on(db)
        .map(row -> Map.entry(row.get("platform", String.class), row.get("id", String.class)))
        .all()
        .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            found -> {
              Map<String, List<String>> byPlatform = new LinkedHashMap<>();
              found.forEach((platform, ids) -> byPlatform.put(platform, List.copyOf(ids)));
              return byPlatform;
            });
  }

  /**
   * The media among {@code ids} the caller may attach (its brands' only, if restricted), with what
   * the platform rule book checks.
   */
  Mono<Map<String, MediaFacts>> existingMedia(Caller caller, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Mono.just(Map.of());
    }
    SqlQuery query =
        new SqlQuery(
                "SELECT id, content_type, size_bytes, width, height, duration_ms, video_codec"
                    + " FROM media WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("id = ANY(:ids)", "ids", ids.toArray(String[]::new));
    brandColumnWithin(caller, query);
    return query
        .on(db)
        .map(
            row ->
                new MediaFacts(
                    row.get("id", String.class),
                    row.get("content_type", String.class),
                    row.get("size_bytes", Long.class),
                    row.get("width", Integer.class),
                    row.get("height", Integer.class),
                    row.get("duration_ms", Long.class),
                    row.get("video_codec", String.class)))
        .all()
        .collectMap(MediaFacts::id);
  }

  /**
   * Inserts the post, its targets and {@code events}, and counts {@code quota} (whose workspace is
   * the post's), in one statement; subscribe inside the caller's transaction and settle the
   * answered outcome in it.
   */
  Mono<Quotas.Outcome> insert(
      Composition post,
      String overridesJson,
      String optionsJson,
      Instant now,
      List<OutboxMessage> events,
      Quotas.Counting quota) {
    List<TargetDraft> targets = post.targets();
    DatabaseClient.GenericExecuteSpec insert =
        quota
            .bind(db.sql(INSERT))
            .bind("id", post.postId())
            .bind("status", post.mode().postStatus)
            .bind("text", post.text())
            .bind("mediaIds", post.mediaIds().toArray(String[]::new))
            .bind("overrides", overridesJson)
            .bind("options", optionsJson)
            .bind("now", now.atOffset(ZoneOffset.UTC))
            .bind("targetStatus", post.mode().targetStatus)
            .bind("targetIds", targets.stream().map(TargetDraft::id).toArray(String[]::new))
            .bind("accountIds", targets.stream().map(TargetDraft::accountId).toArray(String[]::new))
            .bind("platforms", targets.stream().map(TargetDraft::platform).toArray(String[]::new))
            .bind("texts", targets.stream().map(TargetDraft::text).toArray(String[]::new))
            .bind(
                "media",
                targets.stream().map(t -> String.join(",", t.mediaIds())).toArray(String[]::new))
            .bind(
                "dueAts",
                targets.stream()
                    .map(t -> t.dueAt() == null ? null : t.dueAt().atOffset(ZoneOffset.UTC))
                    .toArray(OffsetDateTime[]::new));
    DatabaseClient.GenericExecuteSpec statement =
        bindInstant(insert, "scheduledAt", post.scheduledAt());
    // the request's trace, which the publish commands of the post's targets continue (ADR 26)
    return Mono.deferContextual(
        context -> {
          String traceparent = traces.in(context);
          return outbox
              .bindAll(
                  traceparent == null
                      ? statement.bindNull("traceparent", String.class)
                      : statement.bind("traceparent", traceparent),
                  events,
                  context)
              .map(quota::read)
              .one();
        });
  }

  Mono<PostView> find(Caller caller, String id) {
    SqlQuery query =
        new SqlQuery("SELECT " + POST_COLUMNS + " FROM posts p WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and("id = :id", "id", id);
    allTargetsWithinBrands(caller, query);
    return query
        .on(db)
        .map(PostRepository::postRow)
        .one()
        .flatMap(
            post -> withTargets(caller.workspaceId(), List.of(post)).map(posts -> posts.get(0)));
  }

  /** Filters for {@link #list}; null means "any". */
  record PostFilter(
      String status,
      String platform,
      String accountId,
      String brandId,
      Instant from,
      Instant to,
      PostSort sort) {}

  Mono<List<PostView>> list(Caller caller, PostFilter filter, Cursor after, int limit) {
    String workspaceId = caller.workspaceId();
    SqlQuery query =
        new SqlQuery("SELECT " + POST_COLUMNS + " FROM posts p WHERE workspace_id = :ws")
            .bind("ws", workspaceId);
    allTargetsWithinBrands(caller, query);
    if (filter.brandId() != null) {
      query.and(
          "EXISTS (SELECT 1 FROM post_targets t JOIN accounts a ON a.id = t.account_id"
              + " WHERE t.post_id = p.id AND a.brand_id = :brand)",
          "brand",
          filter.brandId());
    }
    if (filter.status() != null) {
      query.and("status = :status", "status", filter.status());
    }
    if (filter.platform() != null) {
      query.and(
          "EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.platform = :platform)",
          "platform",
          filter.platform());
    }
    if (filter.accountId() != null) {
      query.and(
          "EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.account_id = :account)",
          "account",
          filter.accountId());
    }
    String time = filter.sort().column;
    if (filter.from() != null) {
      query.and(time + " >= :from", "from", filter.from().atOffset(ZoneOffset.UTC));
    }
    if (filter.to() != null) {
      query.and(time + " < :to", "to", filter.to().atOffset(ZoneOffset.UTC));
    }
    if (after != null) {
      query
          .and(
              "(" + time + ", id) < (:afterTime, :afterId)",
              "afterTime",
              after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY " + time + " DESC, id DESC LIMIT :limit").bind("limit", limit);
    return query
        .on(db)
        .map(PostRepository::postRow)
        .all()
        .collectList()
        .flatMap(posts -> withTargets(workspaceId, posts));
  }

  private Mono<List<PostView>> withTargets(String workspaceId, List<PostView> posts) {
    if (posts.isEmpty()) {
      return Mono.just(posts);
    }
    return db.sql(
            "SELECT "
                + TARGET_COLUMNS
                + " FROM post_targets t JOIN posts p ON p.id = t.post_id"
                + " WHERE t.workspace_id = :ws AND t.post_id = ANY(:ids) ORDER BY t.created_at, t.id")
        .bind("ws", workspaceId)
        .bind("ids", posts.stream().map(PostView::id).toArray(String[]::new))
        .map(row -> Map.entry(row.get("post_id", String.class), targetRow(row)))
        .all()
        .collect(
            Collectors.groupingBy(
                Map.Entry::getKey,
                LinkedHashMap::new,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
        .map(
            byPost ->
                posts.stream()
                    .map(
                        post -> {
                          List<TargetView> targets = byPost.getOrDefault(post.id(), List.of());
                          return new PostView(
                              post.id(),
                              post.status(),
                              post.text(),
                              targets.stream().map(TargetView::accountId).toList(),
                              post.mediaIds(),
                              post.scheduledAt(),
                              post.createdAt(),
                              post.updatedAt(),
                              targets);
                        })
                    .toList());
  }

  private static PostView postRow(Readable row) {
    return new PostView(
        row.get("id", String.class),
        row.get("status", String.class),
        row.get("text", String.class),
        List.of(),
        list(row.get("media_ids", String[].class)),
        instant(row.get("scheduled_at", OffsetDateTime.class)),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("updated_at", OffsetDateTime.class)),
        List.of());
  }

  private static TargetView targetRow(Readable row) {
    String errorCode = row.get("error_code", String.class);
    Integer attempts = row.get("attempts", Integer.class);
    return new TargetView(
        row.get("id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("status", String.class),
        row.get("text", String.class),
        list(row.get("media_ids", String[].class)),
        row.get("platform_post_id", String.class),
        row.get("permalink", String.class),
        attempts == null ? 0 : attempts,
        errorCode == null
            ? null
            : new TargetError(errorCode, row.get("error_message", String.class)),
        instant(row.get("published_at", OffsetDateTime.class)),
        instant(row.get("scheduled_at", OffsetDateTime.class)));
  }

  /**
   * A brand-restricted key sees a post only when every target's account is in its brands: a post
   * that also went to another brand's account would show that brand's accounts and results.
   */
  static void allTargetsWithinBrands(Caller caller, SqlQuery query) {
    if (caller.isBrandRestricted()) {
      query.and(
          "NOT EXISTS (SELECT 1 FROM post_targets t JOIN accounts a ON a.id = t.account_id"
              + " WHERE t.post_id = p.id AND (a.brand_id IS NULL OR a.brand_id <> ALL(:brands)))",
          "brands",
          caller.brandIdArray());
    }
  }

  private static void brandColumnWithin(Caller caller, SqlQuery query) {
    if (caller.isBrandRestricted()) {
      query.and("brand_id = ANY(:brands)", "brands", caller.brandIdArray());
    }
  }

  static DatabaseClient.GenericExecuteSpec bindInstant(
      DatabaseClient.GenericExecuteSpec spec, String name, Instant value) {
    return value == null
        ? spec.bindNull(name, OffsetDateTime.class)
        : spec.bind(name, value.atOffset(ZoneOffset.UTC));
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : Arrays.asList(values);
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}

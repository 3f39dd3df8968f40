package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.gateway.posts.PostMetricsView.TargetMetrics;
import dev.omnipost.gateway.posts.PostView.TargetView;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;

/**
 * {@code GET /v1/posts/{id}/metrics}: each published target's counters, read through its
 * connector's {@code metrics} and cached in {@code post_target_metrics} with {@code fetched_at}.
 * Counters younger than {@code omnipost.metrics.ttl} are answered from the cache without a platform
 * call; older ones are fetched again, on {@code boundedElastic} (connectors block) with {@code
 * fetch-timeout}, all targets at once. A fetch that fails answers the cached counters, if any, with
 * the target's {@code error}: a platform's trouble never fails the whole request (ADR 0014).
 */
@Component
class PostMetricsReader {

  private static final Logger log = LoggerFactory.getLogger(PostMetricsReader.class);
  private static final TypeReference<Map<String, Long>> COUNTERS = new TypeReference<>() {};

  private record Cached(Map<String, Long> counters, Instant fetchedAt) {}

  private final PostRepository posts;
  private final DatabaseClient db;
  private final PlatformConnectors connectors;
  private final SecretCipher cipher;
  private final MetricsProperties properties;
  private final Clock clock = Clock.systemUTC();

  PostMetricsReader(
      PostRepository posts,
      DatabaseClient db,
      PlatformConnectors platformConnectors,
      SecretCipher cipher,
      MetricsProperties properties) {
    this.posts = posts;
    this.db = db;
    this.connectors = platformConnectors;
    this.cipher = cipher;
    this.properties = properties;
  }

  Mono<PostMetricsView> read(Caller caller, String id) {
    return posts
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("post", id)))
        .flatMap(
            post ->
                cached(caller.workspaceId(), post.targets())
                    .flatMap(
                        cache ->
                            Flux.fromIterable(post.targets())
                                .flatMapSequential(
                                    t -> target(caller.workspaceId(), t, cache.get(t.id())))
                                .collectList())
                    .map(targets -> new PostMetricsView(post.id(), targets)));
  }

  private Mono<TargetMetrics> target(String workspaceId, TargetView target, Cached cached) {
    boolean live = "published".equals(target.status()) && target.platformPostId() != null;
    if (!live) {
      return Mono.just(
          metrics(
              target,
              cached,
              Map.of(
                  "code",
                  "post.not_published",
                  "message",
                  "This copy is " + target.status() + "; the platform has no counters to read")));
    }
    if (cached != null && cached.fetchedAt().isAfter(clock.instant().minus(properties.ttl()))) {
      return Mono.just(metrics(target, cached, null));
    }
    Optional<PlatformConnector> connector = PostPlatforms.connector(connectors, target.platform());
    if (connector.isEmpty()) {
      return Mono.just(
          metrics(target, cached, unsupported(target.platform() + " is not available")));
    }
    return credentials(workspaceId, target)
        .flatMap(
            account ->
                Mono.fromCallable(() -> connector.get().metrics(account, target.platformPostId()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .timeout(properties.fetchTimeout()))
        .flatMap(
            result -> {
              if (result instanceof MetricsResult.Counted counted) {
                Cached fresh =
                    new Cached(
                        counted.counters(), counted.fetchedAt().truncatedTo(ChronoUnit.MICROS));
                return store(workspaceId, target.id(), fresh)
                    .thenReturn(metrics(target, fresh, null));
              }
              return Mono.just(
                  metrics(
                      target, cached, unsupported(((MetricsResult.Unsupported) result).reason())));
            })
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    metrics(
                        target,
                        cached,
                        Map.of(
                            "code",
                            "account.not_connected",
                            "message",
                            "The account is not connected; reconnect it to read its counters"))))
        .onErrorResume(
            e -> !(e instanceof Error),
            e -> {
              log.info("Metrics of target {} not read: {}", target.id(), e.toString());
              if (e instanceof PermanentPlatformException refused
                  && PermanentPlatformException.NOT_ALLOWED.equals(refused.code())) {
                // the SSRF guard refused the account's instance: nothing was sent
                return Mono.just(
                    metrics(
                        target,
                        cached,
                        Map.of(
                            "code", "platform.instance_not_allowed", "message", e.getMessage())));
              }
              String message =
                  e instanceof TimeoutException
                      ? "The platform did not answer within " + properties.fetchTimeout()
                      : e instanceof PlatformException
                          ? e.getMessage()
                          : "The platform could not be read";
              return Mono.just(
                  metrics(
                      target, cached, Map.of("code", "platform.unavailable", "message", message)));
            });
  }

  private static Map<String, String> unsupported(String message) {
    return Map.of("code", "platform.unsupported_operation", "message", message);
  }

  private static TargetMetrics metrics(
      TargetView target, Cached cached, Map<String, String> error) {
    return new TargetMetrics(
        target.id(),
        target.accountId(),
        target.platform(),
        target.status(),
        cached == null ? null : cached.counters(),
        cached == null ? null : cached.fetchedAt(),
        error);
  }

  private Mono<Map<String, Cached>> cached(String workspaceId, List<TargetView> targets) {
    return db.sql(
            "SELECT target_id, CAST(counters AS text) AS counters, fetched_at"
                + " FROM post_target_metrics WHERE workspace_id = :ws AND target_id = ANY(:ids)")
        .bind("ws", workspaceId)
        .bind("ids", targets.stream().map(TargetView::id).toArray(String[]::new))
        .map(
            row ->
                Map.entry(
                    row.get("target_id", String.class),
                    new Cached(
                        CloudEventCodec.dataMapper()
                            .readValue(row.get("counters", String.class), COUNTERS),
                        row.get("fetched_at", OffsetDateTime.class).toInstant())))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  private Mono<Void> store(String workspaceId, String targetId, Cached fresh) {
    return db.sql(
            "INSERT INTO post_target_metrics (target_id, workspace_id, counters, fetched_at)"
                + " VALUES (:id, :ws, CAST(:counters AS jsonb), :at)"
                + " ON CONFLICT (target_id) DO UPDATE SET counters = EXCLUDED.counters,"
                + " fetched_at = EXCLUDED.fetched_at"
                + " WHERE post_target_metrics.fetched_at < EXCLUDED.fetched_at")
        .bind("id", targetId)
        .bind("ws", workspaceId)
        .bind(
            "counters",
            CloudEventCodec.dataMapper().writeValueAsString(new LinkedHashMap<>(fresh.counters())))
        .bind("at", fresh.fetchedAt().atOffset(ZoneOffset.UTC))
        .then();
  }

  /** The connected account of the target, its token decrypted; empty if it is not connected. */
  private Mono<AccountCredentials> credentials(String workspaceId, TargetView target) {
    Platform platform = Platform.fromId(target.platform()).orElseThrow();
    return db.sql(
            "SELECT platform_account_id, handle, access_token_enc, CAST(settings AS text) AS settings"
                + " FROM accounts WHERE id = :id AND workspace_id = :ws AND status = 'connected'")
        .bind("id", target.accountId())
        .bind("ws", workspaceId)
        .map(
            row ->
                new AccountCredentials(
                    target.accountId(),
                    platform,
                    row.get("platform_account_id", String.class),
                    row.get("handle", String.class),
                    cipher.decrypt(
                        row.get("access_token_enc", byte[].class),
                        SecretColumn.ACCOUNT_ACCESS_TOKEN.of(target.accountId())),
                    settings(row.get("settings", String.class))))
        .one();
  }

  private static Map<String, String> settings(String json) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return settings;
    }
    CloudEventCodec.dataMapper()
        .readTree(json)
        .properties()
        .forEach(
            e -> {
              if (!e.getValue().isNull()) {
                settings.put(
                    e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString());
              }
            });
    return settings;
  }
}

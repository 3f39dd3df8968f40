package dev.omnipost.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The per-key limit: one token bucket per key in PostgreSQL (Bucket4j's JDBC backend, table {@code
 * rate_limit_buckets}), shared by every gateway instance, refilled with the whole limit once a
 * minute.
 *
 * <p>So that a busy key does not put one database transaction (on one row) in front of every
 * request, each instance uses Bucket4j's delaying optimization: it admits up to {@link
 * RateLimitProperties#unsyncedAllowance} requests of a key from its last view of the bucket, then
 * settles them with the shared row in one transaction (or after {@link
 * RateLimitProperties#syncInterval}, whichever comes first). What it admitted beyond the shared
 * budget is charged as debt that the next window pays back, so N instances overshoot a window by at
 * most about N allowances and never over time. Refusals are answered from the local view too, so a
 * client hammering past its limit costs the database at most one settlement per sync interval and
 * instance. Concurrent settlements of one key on one instance are batched into one transaction.
 *
 * <p>The JDBC calls run on a bounded scheduler of their own, never on a Netty event loop; the
 * request goes on from that thread until its handler hands over to R2DBC (one thread hand-off per
 * request, not two). If the database cannot be reached in time the instance falls back to a bucket
 * in its own memory for that key (the limit then holds per instance) and counts {@code
 * omnipost.gateway.rate_limit.fallbacks}; so does a check that takes longer than {@link
 * RateLimitProperties#databaseTimeout} in all.
 */
class KeyRateLimiter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeyRateLimiter.class);
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);

  private static final int CLEANUP_BATCH = 1_000;

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final HikariDataSource dataSource;
  private final Scheduler scheduler;
  private final RateLimitProperties properties;
  private final Counter fallbacks;
  private final Cache<String, BucketProxy> proxies =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).maximumSize(100_000).build();
  private final Cache<String, Bucket> localFallbacks =
      Caffeine.newBuilder().expireAfterAccess(WINDOW).maximumSize(100_000).build();
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

  KeyRateLimiter(
      HikariDataSource dataSource, RateLimitProperties properties, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.properties = properties;
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(WINDOW))
            .build();
    int threads = 2 * properties.databaseConnections();
    this.scheduler = Schedulers.newBoundedElastic(threads, 10_000, "rate-limit", 60, true);
    this.fallbacks =
        Counter.builder("omnipost.gateway.rate_limit.fallbacks")
            .description("Key rate-limit checks answered by an in-memory bucket: database failed")
            .register(meters);
  }

  /** Takes one request from the key's budget of {@code limitPerMinute}. */
  Mono<RateLimitDecision> tryConsume(String keyId, int limitPerMinute) {
    // the limit is part of the bucket's id: a changed limit starts a fresh window at once
    String id = "key:" + keyId + ":" + limitPerMinute;
    return Mono.fromCallable(() -> consumeShared(id, limitPerMinute))
        .subscribeOn(scheduler)
        .timeout(properties.databaseTimeout())
        .onErrorResume(
            failure -> Mono.fromCallable(() -> consumeLocal(id, limitPerMinute, failure)));
  }

  /** Deletes the rows of buckets that would be full again (Bucket4j stamps {@code expires_at}). */
  @Scheduled(fixedDelayString = "${omnipost.gateway.rate-limit.cleanup-interval:1m}")
  void removeExpiredBuckets() {
    try {
      while (buckets.removeExpired(CLEANUP_BATCH) == CLEANUP_BATCH) {
        // another batch
      }
    } catch (RuntimeException failure) {
      log.warn("Could not delete expired rate-limit buckets: {}", failure.toString());
    }
  }

  @Override
  public void close() {
    scheduler.dispose();
    dataSource.close();
  }

  private RateLimitDecision consumeShared(String id, int limit) {
    BucketProxy bucket =
        proxies.get(
            id,
            ignored ->
                buckets
                    .builder()
                    .withOptimization(optimization(limit))
                    .build(id, () -> config(limit)));
    return RateLimitDecision.of(limit, bucket.tryConsumeAndReturnRemaining(1));
  }

  private RateLimitDecision consumeLocal(String id, int limit, Throwable failure) {
    fallbacks.increment();
    Instant now = Instant.now();
    Instant last = lastWarning.get();
    if (now.isAfter(last.plus(WARNING_INTERVAL)) && lastWarning.compareAndSet(last, now)) {
      log.warn(
          "Rate limits fall back to per-instance buckets: the shared bucket failed: {}",
          failure.toString());
    }
    Bucket bucket =
        localFallbacks.get(id, ignored -> Bucket.builder().addLimit(window(limit)).build());
    return RateLimitDecision.of(limit, bucket.tryConsumeAndReturnRemaining(1));
  }

  private Optimization optimization(int limit) {
    long allowance = properties.unsyncedAllowance(limit);
    return allowance < 1
        ? Optimizations.batching()
        : Optimizations.delaying(new DelayParameters(allowance, properties.syncInterval()));
  }

  private static BucketConfiguration config(int limit) {
    return BucketConfiguration.builder().addLimit(window(limit)).build();
  }

  private static io.github.bucket4j.Bandwidth window(int limit) {
    return io.github.bucket4j.Bandwidth.builder()
        .capacity(limit)
        .refillIntervally(limit, WINDOW)
        .build();
  }
}

package dev.omnipost.publisher.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omnipost.metrics-refresh.*}: how the refresher keeps published posts' counters and
 * accounts' insights fresh (ADR 0029).
 *
 * @param enabled run the refresher in this instance
 * @param interval pause between two passes
 * @param batchSize targets (and accounts) claimed per transaction
 * @param recentAge a copy published less than this long ago is recent
 * @param recentEvery how often a recent copy's counters are read
 * @param maxAge copies older than this are no longer read (their last counters stay cached)
 * @param olderEvery how often a copy between {@code recentAge} and {@code maxAge} is read
 * @param accountEvery how often an account's insights (followers, reach) are snapshotted
 */
@ConfigurationProperties("omnipost.metrics-refresh")
public record MetricsRefreshProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1m") Duration interval,
    @DefaultValue("50") int batchSize,
    @DefaultValue("7d") Duration recentAge,
    @DefaultValue("15m") Duration recentEvery,
    @DefaultValue("90d") Duration maxAge,
    @DefaultValue("6h") Duration olderEvery,
    @DefaultValue("1h") Duration accountEvery) {}

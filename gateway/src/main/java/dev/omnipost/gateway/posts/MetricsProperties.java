package dev.omnipost.gateway.posts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omnipost.metrics.*}: how fresh {@code GET /v1/posts/{id}/metrics} keeps its counters.
 *
 * @param ttl counters fetched less than this long ago are answered from the cache, without a
 *     platform call
 * @param fetchTimeout the longest one target's platform call may take; past it the cached counters
 *     (if any) are answered with the target's {@code error}
 */
@ConfigurationProperties("omnipost.metrics")
record MetricsProperties(
    @DefaultValue("5m") Duration ttl, @DefaultValue("5s") Duration fetchTimeout) {}

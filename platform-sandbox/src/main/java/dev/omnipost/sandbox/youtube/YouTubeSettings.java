package dev.omnipost.sandbox.youtube;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated YouTube Data API v3 behaves ({@code omnipost.sandbox.youtube.*}).
 *
 * @param dailyQuota quota units per channel per Pacific day (YouTube: 10,000 per project)
 * @param uploadCost units a {@code videos.insert} costs (YouTube's calculator: 1600; older pages:
 *     50 for every write)
 * @param requestsPerMinute calls per channel per minute before 403 {@code rateLimitExceeded}
 * @param chunkGranularity every chunk but the last must be a multiple of this (256 KiB)
 * @param processingPollsBeforeSucceeded how many {@code videos.list} with {@code processingDetails}
 *     answer {@code processing} after the upload
 */
@ConfigurationProperties("omnipost.sandbox.youtube")
public record YouTubeSettings(
    @DefaultValue("10000") int dailyQuota,
    @DefaultValue("1600") int uploadCost,
    @DefaultValue("600") int requestsPerMinute,
    @DefaultValue("262144") int chunkGranularity,
    @DefaultValue("1") int processingPollsBeforeSucceeded) {}

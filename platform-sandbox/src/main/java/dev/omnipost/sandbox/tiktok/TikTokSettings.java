package dev.omnipost.sandbox.tiktok;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated TikTok Content Posting API behaves ({@code omnipost.sandbox.tiktok.*}).
 *
 * @param initPerMinute {@code video/init} and {@code content/init} calls per token per minute
 *     (TikTok: 6)
 * @param statusPerMinute {@code status/fetch} calls per token per minute (TikTok: 30)
 * @param minChunkSize the smallest chunk TikTok accepts for a file upload in several chunks (5 MB);
 *     a smaller video goes in one chunk
 * @param statusPollsBeforeComplete how many status fetches answer a processing status after the
 *     upload or the pull
 * @param postsPerDay direct posts per creator per 24 h before {@code spam_risk_too_many_posts}
 * @param maxVideoPostDurationSec what {@code creator_info} reports
 * @param privacyLevelOptions what {@code creator_info} offers a creator that has none set
 * @param mediaFetchTimeout how long a pull from a URL may take
 */
@ConfigurationProperties("omnipost.sandbox.tiktok")
public record TikTokSettings(
    @DefaultValue("6") int initPerMinute,
    @DefaultValue("30") int statusPerMinute,
    @DefaultValue("5242880") long minChunkSize,
    @DefaultValue("1") int statusPollsBeforeComplete,
    @DefaultValue("15") int postsPerDay,
    @DefaultValue("600") int maxVideoPostDurationSec,
    @DefaultValue({
          "PUBLIC_TO_EVERYONE",
          "MUTUAL_FOLLOW_FRIENDS",
          "FOLLOWER_OF_CREATOR",
          "SELF_ONLY"
        })
        List<String> privacyLevelOptions,
    @DefaultValue("5s") Duration mediaFetchTimeout) {}

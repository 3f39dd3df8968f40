package dev.omnipost.sandbox.x;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated X behaves ({@code omnipost.sandbox.x.*}). Per-user limits per 15-minute window
 * as X documents them for {@code POST /2/tweets} and {@code DELETE /2/tweets}; the read and media
 * limits vary per endpoint on X and are one setting each here.
 *
 * @param tweetLimit tweets per user per {@code window}
 * @param deleteLimit deletes per user per {@code window}
 * @param mediaLimit media upload calls per user per {@code window}
 * @param readLimit calls per user per {@code window} to each read endpoint group
 * @param dailyTweetLimit tweets per user per 24 h ({@code x-user-limit-24hour-*})
 * @param textLimit weighted characters allowed in a tweet
 * @param statusPollsBeforeSucceeded how many STATUS polls of a video answer in_progress
 * @param checkAfterSecs what {@code processing_info.check_after_secs} says
 * @param duplicateWindow how far back an identical tweet of the user makes a duplicate
 * @param rateLimitedRetryAfter when an injected 429 says the window resets
 * @param dmSendLimit direct messages sent per user per {@code window} (X: 15 per 15 minutes)
 * @param engagementLimit calls per user per {@code window} to each of hide replies, like and unlike
 *     (X: 50 per 15 minutes)
 */
@ConfigurationProperties("omnipost.sandbox.x")
public record XSettings(
    @DefaultValue("100") int tweetLimit,
    @DefaultValue("50") int deleteLimit,
    @DefaultValue("500") int mediaLimit,
    @DefaultValue("900") int readLimit,
    @DefaultValue("15m") Duration window,
    @DefaultValue("10000") int dailyTweetLimit,
    @DefaultValue("280") int textLimit,
    @DefaultValue("1") int statusPollsBeforeSucceeded,
    @DefaultValue("1") int checkAfterSecs,
    @DefaultValue("24h") Duration duplicateWindow,
    @DefaultValue("60s") Duration rateLimitedRetryAfter,
    @DefaultValue("15") int dmSendLimit,
    @DefaultValue("50") int engagementLimit) {}

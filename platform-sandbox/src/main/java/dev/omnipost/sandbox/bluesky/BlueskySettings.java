package dev.omnipost.sandbox.bluesky;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated Bluesky PDS behaves ({@code omnipost.sandbox.bluesky.*}).
 *
 * @param pointsPerHour repo write points per account per hour (Bluesky: 5000; create 3, delete 1)
 * @param accessTokenLifetime how long an {@code accessJwt} is good for (compress it to watch an
 *     expiry; the refresh token lives 90 days)
 * @param graphemeLimit graphemes allowed in {@code app.bsky.feed.post} text
 * @param byteLimit UTF-8 bytes allowed in the text
 * @param imageByteLimit bytes allowed per image blob in an images embed
 * @param rateLimitedRetryAfter when an injected 429 says the window resets
 */
@ConfigurationProperties("omnipost.sandbox.bluesky")
public record BlueskySettings(
    @DefaultValue("5000") int pointsPerHour,
    @DefaultValue("2h") Duration accessTokenLifetime,
    @DefaultValue("300") int graphemeLimit,
    @DefaultValue("3000") int byteLimit,
    @DefaultValue("1000000") int imageByteLimit,
    @DefaultValue("60s") Duration rateLimitedRetryAfter) {}

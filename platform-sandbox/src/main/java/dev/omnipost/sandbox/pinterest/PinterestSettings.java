package dev.omnipost.sandbox.pinterest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated Pinterest behaves ({@code omnipost.sandbox.pinterest.*}).
 *
 * @param requestsPerSecond calls per user per second before 429 (standard access: 100)
 * @param mediaPollsBeforeSucceeded how many {@code GET /v5/media/{id}} answer processing after the
 *     upload
 * @param mediaFetchTimeout how long the sandbox waits for a pin's image URL
 */
@ConfigurationProperties("omnipost.sandbox.pinterest")
public record PinterestSettings(
    @DefaultValue("100") int requestsPerSecond,
    @DefaultValue("1") int mediaPollsBeforeSucceeded,
    @DefaultValue("5s") Duration mediaFetchTimeout) {}

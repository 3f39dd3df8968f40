package dev.omnipost.sandbox.googlebusiness;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated Google Business Profile API behaves ({@code
 * omnipost.sandbox.google-business.*}).
 *
 * @param requestsPerMinute calls per account per minute (Google: 300 QPM per API)
 * @param editsPerMinute creates and deletes per location per minute (Google: 10 edits / min per
 *     profile)
 * @param mediaFetchTimeout how long the sandbox waits for a post's photo URL
 */
@ConfigurationProperties("omnipost.sandbox.google-business")
public record GoogleBusinessSettings(
    @DefaultValue("300") int requestsPerMinute,
    @DefaultValue("10") int editsPerMinute,
    @DefaultValue("5s") Duration mediaFetchTimeout) {}

package dev.omnipost.gateway.exports;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omnipost.exports.*} as the gateway reads them.
 *
 * @param dir where the publisher-worker writes export files (the same directory as the worker's)
 * @param maxInProgress pending or running exports a workspace may have at once
 */
@ConfigurationProperties("omnipost.exports")
record ExportProperties(
    @DefaultValue("./.omnipost/exports") Path dir, @DefaultValue("3") int maxInProgress) {}

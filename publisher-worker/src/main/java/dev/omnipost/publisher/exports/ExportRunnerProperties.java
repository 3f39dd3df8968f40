package dev.omnipost.publisher.exports;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omnipost.exports.*} as the export runner reads them.
 *
 * @param dir where files are written; the gateway serves them from the same directory
 * @param runnerEnabled run exports in this instance
 * @param pollInterval how often pending exports are looked for
 * @param fetchSize rows fetched from PostgreSQL at a time (a cursor: an export is never held whole
 *     in memory)
 * @param lease how long a claimed export is held; past it another instance may run it again
 * @param retention how long a finished file is kept
 */
@ConfigurationProperties("omnipost.exports")
public record ExportRunnerProperties(
    @DefaultValue("./.omnipost/exports") Path dir,
    @DefaultValue("true") boolean runnerEnabled,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("500") int fetchSize,
    @DefaultValue("10m") Duration lease,
    @DefaultValue("7d") Duration retention) {}

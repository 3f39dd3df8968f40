package dev.omnipost.persistence.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay ({@code omnipost.outbox.*}).
 *
 * @param relayEnabled whether this service runs a relay (several may: they skip each other's rows)
 * @param pollInterval how long the relay waits for a NOTIFY before looking anyway
 * @param linger how long the relay lets rows gather after a NOTIFY, so one batch carries many
 * @param batchSize rows claimed per transaction
 * @param retryBackoff pause after Kafka refused a batch, before trying again
 * @param retention how long sent rows are kept before they are deleted
 */
@ConfigurationProperties("omnipost.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("5ms") Duration linger,
    @DefaultValue("500") int batchSize,
    @DefaultValue("2s") Duration retryBackoff,
    @DefaultValue("1h") Duration retention) {}

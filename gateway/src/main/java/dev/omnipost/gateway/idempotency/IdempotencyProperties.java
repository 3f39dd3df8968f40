package dev.omnipost.gateway.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code Idempotency-Key} settings.
 *
 * @param retention how long a stored answer is replayed (then the key may be used afresh)
 * @param lockWait how long a request waits for a concurrent one with the same key to finish before
 *     it answers 409 {@code idempotency.in_progress}
 * @param cleanupInterval how often expired keys are deleted
 */
@ConfigurationProperties("omnipost.idempotency")
public record IdempotencyProperties(
    @DefaultValue("24h") Duration retention,
    @DefaultValue("5s") Duration lockWait,
    @DefaultValue("15m") Duration cleanupInterval) {}

package dev.omnipost.gateway.admin;

import java.time.Instant;

/**
 * A workspace as the admin API shows it.
 *
 * @param aiCreditsRemaining the AI credits left this month (all of them, it is new); null is
 *     unlimited
 * @param rateLimitPerMinute requests per minute for its keys without a limit of their own; null
 *     means the gateway's default
 */
record WorkspaceView(
    String id,
    String name,
    String plan,
    Long aiCreditsRemaining,
    Integer rateLimitPerMinute,
    Instant createdAt) {}

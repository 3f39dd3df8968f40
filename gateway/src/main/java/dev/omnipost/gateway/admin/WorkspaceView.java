package dev.omnipost.gateway.admin;

import java.time.Instant;

/**
 * A new workspace as the admin API shows it.
 *
 * @param aiCreditsRemaining the AI credits left this month (all of them, it is new); null is
 *     unlimited
 */
record WorkspaceView(
    String id, String name, String plan, Long aiCreditsRemaining, Instant createdAt) {}

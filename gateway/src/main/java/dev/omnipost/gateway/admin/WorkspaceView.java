package dev.omnipost.gateway.admin;

import java.time.Instant;

/** A workspace as the admin API shows it. */
record WorkspaceView(
    String id, String name, String plan, int aiCreditsRemaining, Instant createdAt) {}

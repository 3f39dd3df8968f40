package dev.omnipost.sandbox.control;

import java.time.Instant;

/**
 * Something a client created on a simulated platform on the way to a post (a Mastodon media upload,
 * an Instagram container), as listed by {@code GET /_sandbox/uploads}: tests count them to prove a
 * resumed publish never uploads or creates a container twice.
 */
public record SandboxUpload(
    String platform, String accountId, String id, String kind, Instant createdAt) {}

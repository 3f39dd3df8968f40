package dev.omnipost.sandbox.control;

import java.time.Instant;
import java.util.List;

/** A post as a simulated platform holds it, as listed by {@code GET /_sandbox/posts}. */
public record SandboxPost(
    String platform,
    String accountId,
    String id,
    String text,
    List<String> mediaUrls,
    String idempotencyKey,
    Instant createdAt,
    String permalink) {}

package dev.omnipost.connectors;

import java.time.Instant;

/** A comment as read from a platform, normalised across platforms. */
public record PlatformComment(
    String platformCommentId,
    String platformPostId,
    String parentId,
    String authorId,
    String authorName,
    String text,
    Instant createdAt) {}

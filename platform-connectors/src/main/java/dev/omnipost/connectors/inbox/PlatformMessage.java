package dev.omnipost.connectors.inbox;

import java.time.Instant;

/**
 * A direct message as read from a platform, normalised across platforms.
 *
 * @param platformConversationId the platform's thread the message belongs to
 * @param fromAccount whether the connected account sent it (false: the other party did)
 */
public record PlatformMessage(
    String platformMessageId,
    String platformConversationId,
    String authorId,
    String authorName,
    String text,
    boolean fromAccount,
    Instant createdAt) {}

package dev.omnipost.connectors.inbox;

import java.time.Instant;

/**
 * A review of the account's business (Google Business Profile, Facebook recommendations),
 * normalised across platforms.
 *
 * @param rating 1 to 5 stars, or null where the platform gives none (a recommendation)
 * @param reply the business's current answer, or null
 * @param replyUpdatedAt when the answer was last set, or null without one
 * @param updatedAt when the review (or its answer) last changed; the sync's cursor moves on it
 */
public record PlatformReview(
    String platformReviewId,
    String authorName,
    Integer rating,
    String text,
    String reply,
    Instant replyUpdatedAt,
    Instant createdAt,
    Instant updatedAt) {}

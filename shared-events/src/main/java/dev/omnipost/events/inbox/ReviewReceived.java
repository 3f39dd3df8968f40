package dev.omnipost.events.inbox;

import java.time.Instant;

/**
 * A review of one of the workspace's businesses seen for the first time.
 *
 * @param rating 1 to 5 stars, or null for a recommendation without stars
 */
public record ReviewReceived(
    String reviewId,
    String accountId,
    String platform,
    String platformReviewId,
    String authorName,
    Integer rating,
    String text,
    Instant createdAt)
    implements InboxEvent {

  public static final String TYPE = "review.received";

  @Override
  public String type() {
    return TYPE;
  }
}

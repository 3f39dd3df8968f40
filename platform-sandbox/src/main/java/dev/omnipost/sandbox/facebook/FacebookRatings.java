package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.Resettable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Recommendations (and, for older ones, star ratings) people left on the simulated Pages. Each has
 * an open graph story, as on Facebook; the Graph API offers no reply to it here.
 */
@Component
class FacebookRatings implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1_000_000);
  private final List<Rating> ratings = new ArrayList<>();

  FacebookRatings(Clock clock) {
    this.clock = clock;
  }

  /** {@code rating} 1-5 or null (a recommendation without stars). */
  synchronized Rating add(
      String pageId, String reviewer, String recommendationType, Integer rating, String text) {
    long id = ids.incrementAndGet();
    Rating added =
        new Rating(
            pageId,
            "1000" + id,
            reviewer,
            recommendationType,
            rating,
            text,
            "1300" + id,
            clock.instant());
    ratings.add(added);
    return added;
  }

  /** The Page's ratings, newest first. */
  synchronized List<Rating> of(String pageId) {
    return ratings.stream()
        .filter(r -> r.pageId().equals(pageId))
        .sorted(Comparator.comparing(Rating::createdAt).reversed())
        .toList();
  }

  @Override
  public synchronized void reset() {
    ratings.clear();
  }

  record Rating(
      String pageId,
      String reviewerId,
      String reviewerName,
      String recommendationType,
      Integer rating,
      String reviewText,
      String storyId,
      Instant createdAt)
      implements java.io.Serializable {}

  @Override
  public String stateName() {
    return "facebook-ratings";
  }

  @Override
  public String pathSegment() {
    return "facebook";
  }
}

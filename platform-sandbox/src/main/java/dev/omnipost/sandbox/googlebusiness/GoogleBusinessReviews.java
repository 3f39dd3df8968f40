package dev.omnipost.sandbox.googlebusiness;

import dev.omnipost.sandbox.control.Resettable;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The reviews of the simulated Business Profile locations: customers write them (through the
 * control API), the business answers them ({@code updateReply}, {@code deleteReply}).
 */
@Component
class GoogleBusinessReviews implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  static final List<String> STARS = List.of("ONE", "TWO", "THREE", "FOUR", "FIVE");

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1_000);
  private final Map<String, Review> reviews = new LinkedHashMap<>();

  GoogleBusinessReviews(Clock clock) {
    this.clock = clock;
  }

  /** A customer's review of {@code accounts/{a}/locations/{l}}, 1 to 5 stars. */
  synchronized Review add(String location, String reviewer, int stars, String comment) {
    String reviewId = "AbFvOq" + ids.incrementAndGet();
    Instant now = clock.instant();
    Review review =
        new Review(
            location + "/reviews/" + reviewId,
            reviewId,
            location,
            reviewer,
            STARS.get(stars - 1),
            comment,
            now,
            now,
            null,
            null);
    reviews.put(review.name(), review);
    return review;
  }

  synchronized Optional<Review> review(String name) {
    return Optional.ofNullable(reviews.get(name));
  }

  /** The location's reviews, most recently updated first. */
  synchronized List<Review> list(String location) {
    return reviews.values().stream()
        .filter(r -> r.location().equals(location))
        .sorted(Comparator.comparing(Review::updateTime).thenComparing(Review::name).reversed())
        .toList();
  }

  /** Sets ({@code comment} non-null) or removes the business's reply; empty: no such review. */
  synchronized Optional<Review> reply(String name, String comment) {
    Review review = reviews.get(name);
    if (review == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Review updated =
        new Review(
            review.name(),
            review.reviewId(),
            review.location(),
            review.reviewer(),
            review.starRating(),
            review.comment(),
            review.createTime(),
            now,
            comment,
            comment == null ? null : now);
    reviews.put(name, updated);
    return Optional.of(updated);
  }

  @Override
  public synchronized void reset() {
    reviews.clear();
  }

  record Review(
      String name,
      String reviewId,
      String location,
      String reviewer,
      String starRating,
      String comment,
      Instant createTime,
      Instant updateTime,
      String replyComment,
      Instant replyUpdateTime)
      implements java.io.Serializable {}

  @Override
  public String stateName() {
    return "google-business-reviews";
  }

  @Override
  public String pathSegment() {
    return "google-business";
  }
}

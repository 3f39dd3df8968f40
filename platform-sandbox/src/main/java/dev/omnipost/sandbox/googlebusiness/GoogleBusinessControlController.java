package dev.omnipost.sandbox.googlebusiness;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Control API for Google Business Profile: customers write reviews, so tests add them here. */
@RestController
class GoogleBusinessControlController {

  private final GoogleBusinessReviews reviews;

  GoogleBusinessControlController(GoogleBusinessReviews reviews) {
    this.reviews = reviews;
  }

  /**
   * {@code {location, reviewer?, star_rating (1-5), comment?}}: a review of the location ({@code
   * accounts/{a}/locations/{l}}); answers its {@code name} and {@code review_id}.
   */
  @PostMapping("/_sandbox/google-business/reviews")
  ResponseEntity<Map<String, Object>> addReview(@RequestBody NewReview request) {
    if (request.location() == null
        || !request.location().matches("accounts/[^/]+/locations/[^/]+")) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "location must be accounts/{account}/locations/{location}"));
    }
    if (request.starRating() == null || request.starRating() < 1 || request.starRating() > 5) {
      return ResponseEntity.badRequest().body(Map.of("error", "star_rating must be 1 to 5"));
    }
    String reviewer =
        request.reviewer() == null || request.reviewer().isBlank()
            ? "A Google user"
            : request.reviewer();
    GoogleBusinessReviews.Review review =
        reviews.add(request.location(), reviewer, request.starRating(), request.comment());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("name", review.name(), "review_id", review.reviewId()));
  }

  /**
   * A review as the API shows it, with the business's reply: {@code ?name=accounts/…/reviews/…}.
   */
  @GetMapping("/_sandbox/google-business/reviews")
  ResponseEntity<Map<String, Object>> review(@RequestParam String name) {
    return reviews
        .review(name)
        .map(r -> ResponseEntity.ok(GoogleBusinessReviewsController.view(r)))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no review " + name)));
  }

  record NewReview(String location, String reviewer, Integer starRating, String comment) {}
}

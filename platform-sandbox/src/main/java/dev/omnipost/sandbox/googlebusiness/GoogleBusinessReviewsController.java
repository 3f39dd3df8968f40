package dev.omnipost.sandbox.googlebusiness;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Google Business Profile reviews (API v4) as if at {@code https://mybusiness.googleapis.com}:
 * {@code accounts.locations.reviews.list} (most recently updated first, {@code pageSize} up to 50,
 * {@code pageToken}), {@code get}, {@code updateReply} ({@code PUT …/reply {"comment"}}, at most
 * 4096 bytes) and {@code deleteReply}.
 */
@RestController
@RequestMapping("/google-business/v4/accounts/{account}/locations/{location}/reviews")
class GoogleBusinessReviewsController {

  private static final int REPLY_BYTES = 4096;

  private final GoogleBusinessReviews reviews;

  GoogleBusinessReviewsController(GoogleBusinessReviews reviews) {
    this.reviews = reviews;
  }

  @GetMapping
  Map<String, Object> list(
      @PathVariable String account,
      @PathVariable String location,
      @RequestParam(defaultValue = "50") int pageSize,
      @RequestParam(required = false) String pageToken) {
    if (pageSize < 1 || pageSize > 50) {
      throw GoogleBusinessErrors.invalid("page_size", "pageSize must be between 1 and 50.");
    }
    int offset = 0;
    if (pageToken != null && !pageToken.isBlank()) {
      try {
        offset = Integer.parseInt(pageToken);
      } catch (NumberFormatException e) {
        throw GoogleBusinessErrors.invalid("page_token", "pageToken is not valid.");
      }
    }
    List<GoogleBusinessReviews.Review> all = reviews.list(location(account, location));
    List<Map<String, Object>> page =
        all.stream()
            .skip(offset)
            .limit(pageSize)
            .map(GoogleBusinessReviewsController::view)
            .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("reviews", page);
    answer.put(
        "averageRating",
        all.stream()
            .mapToInt(r -> GoogleBusinessReviews.STARS.indexOf(r.starRating()) + 1)
            .average()
            .orElse(0));
    answer.put("totalReviewCount", all.size());
    if (offset + pageSize < all.size()) {
      answer.put("nextPageToken", String.valueOf(offset + pageSize));
    }
    return answer;
  }

  @GetMapping("/{review}")
  Map<String, Object> get(
      @PathVariable String account, @PathVariable String location, @PathVariable String review) {
    return view(
        reviews
            .review(location(account, location) + "/reviews/" + review)
            .orElseThrow(GoogleBusinessErrors::notFound));
  }

  @PutMapping(path = "/{review}/reply", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> updateReply(
      @PathVariable String account,
      @PathVariable String location,
      @PathVariable String review,
      @RequestBody JsonNode body) {
    String comment = body.path("comment").asString("");
    if (comment.isBlank()) {
      throw GoogleBusinessErrors.invalid("comment", "comment is required.");
    }
    if (comment.getBytes(StandardCharsets.UTF_8).length > REPLY_BYTES) {
      throw GoogleBusinessErrors.invalid("comment", "comment must be at most 4096 bytes.");
    }
    GoogleBusinessReviews.Review updated =
        reviews
            .reply(location(account, location) + "/reviews/" + review, comment)
            .orElseThrow(GoogleBusinessErrors::notFound);
    return reply(updated);
  }

  @DeleteMapping("/{review}/reply")
  Map<String, Object> deleteReply(
      @PathVariable String account, @PathVariable String location, @PathVariable String review) {
    reviews
        .reply(location(account, location) + "/reviews/" + review, null)
        .orElseThrow(GoogleBusinessErrors::notFound);
    return Map.of();
  }

  @ExceptionHandler(GoogleBusinessErrors.class)
  ResponseEntity<String> error(GoogleBusinessErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  static Map<String, Object> view(GoogleBusinessReviews.Review review) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", review.name());
    json.put("reviewId", review.reviewId());
    json.put("reviewer", Map.of("displayName", review.reviewer(), "isAnonymous", false));
    json.put("starRating", review.starRating());
    if (review.comment() != null) {
      json.put("comment", review.comment());
    }
    json.put("createTime", DateTimeFormatter.ISO_INSTANT.format(review.createTime()));
    json.put("updateTime", DateTimeFormatter.ISO_INSTANT.format(review.updateTime()));
    if (review.replyComment() != null) {
      json.put("reviewReply", reply(review));
    }
    return json;
  }

  private static Map<String, Object> reply(GoogleBusinessReviews.Review review) {
    return Map.of(
        "comment",
        review.replyComment(),
        "updateTime",
        DateTimeFormatter.ISO_INSTANT.format(review.replyUpdateTime()));
  }

  private static String location(String account, String location) {
    return "accounts/" + account + "/locations/" + location;
  }
}

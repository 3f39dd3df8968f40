package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MetaError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /{page-id}/ratings} of the Graph API (newest first: {@code created_time}, {@code
 * recommendation_type}, {@code review_text}, {@code reviewer}, {@code rating} where the rating has
 * stars, {@code open_graph_story}), and the control API that adds one.
 */
@RestController
class FacebookRatingsController {

  private final FacebookRatings ratings;

  FacebookRatingsController(FacebookRatings ratings) {
    this.ratings = ratings;
  }

  @GetMapping("/facebook/{version:v\\d+\\.\\d+}/{pageId}/ratings")
  Map<String, Object> list(
      @PathVariable String pageId,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    SandboxAccount page = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    if (!page.accountId().equals(pageId) && !pageId.equals("me")) {
      throw MetaError.noSuchObject(pageId, "get");
    }
    List<Map<String, Object>> data =
        ratings.of(page.accountId()).stream()
            .limit(Math.max(1, Math.min(limit, 100)))
            .map(FacebookRatingsController::view)
            .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("data", data);
    answer.put("paging", Map.of("cursors", Map.of("before", "", "after", "")));
    return answer;
  }

  /**
   * {@code {page_id, reviewer?, recommendation_type: positive|negative, rating?, review_text?}}.
   */
  @PostMapping("/_sandbox/facebook/ratings")
  ResponseEntity<Map<String, Object>> add(@RequestBody NewRating request) {
    if (request.pageId() == null || request.pageId().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "page_id is required"));
    }
    String type = request.recommendationType() == null ? "positive" : request.recommendationType();
    if (!type.equals("positive") && !type.equals("negative")) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "recommendation_type must be positive or negative"));
    }
    if (request.rating() != null && (request.rating() < 1 || request.rating() > 5)) {
      return ResponseEntity.badRequest().body(Map.of("error", "rating must be 1 to 5"));
    }
    String reviewer =
        request.reviewer() == null || request.reviewer().isBlank() ? "Someone" : request.reviewer();
    FacebookRatings.Rating rating =
        ratings.add(request.pageId(), reviewer, type, request.rating(), request.reviewText());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("open_graph_story_id", rating.storyId()));
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static Map<String, Object> view(FacebookRatings.Rating rating) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("created_time", FacebookController.TIME.format(rating.createdAt()));
    json.put("recommendation_type", rating.recommendationType());
    json.put("has_rating", rating.rating() != null);
    if (rating.rating() != null) {
      json.put("rating", rating.rating());
    }
    json.put("has_review", rating.reviewText() != null);
    if (rating.reviewText() != null) {
      json.put("review_text", rating.reviewText());
    }
    json.put("reviewer", Map.of("id", rating.reviewerId(), "name", rating.reviewerName()));
    json.put("open_graph_story", Map.of("id", rating.storyId()));
    return json;
  }

  record NewRating(
      String pageId,
      String reviewer,
      String recommendationType,
      Integer rating,
      String reviewText) {}
}

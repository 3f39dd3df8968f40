package dev.omnipost.connectors.googlebusiness;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The review calls of the Business Profile API v4: {@code accounts.locations.reviews.list} (newest
 * update first) and {@code updateReply} / {@code deleteReply} ({@code PUT|DELETE /v4/{review
 * name}/reply}). Both reply calls set a state, so repeating one is harmless.
 */
final class GoogleBusinessReviewCalls {

  /** The API's largest page. */
  static final int PAGE_SIZE = 50;

  /** Pages read per sync at most; the rest waits for the next sync. */
  static final int MAX_PAGES = 4;

  private static final Map<String, Integer> STARS =
      Map.of("ONE", 1, "TWO", 2, "THREE", 3, "FOUR", 4, "FIVE", 5);

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;

  GoogleBusinessReviewCalls(RestClient client, PlatformHttp http, String apiUrl) {
    this.client = client;
    this.http = http;
    this.apiUrl = apiUrl;
  }

  /**
   * Reviews updated after {@code cursor} (an RFC 3339 update time; null: the newest pages), oldest
   * first; the next cursor is the newest update time seen.
   */
  SyncPage<PlatformReview> list(AccountCredentials account, String cursor) {
    Instant after = parse(cursor);
    String location = GoogleBusinessConnector.location(account);
    List<PlatformReview> reviews = new ArrayList<>();
    String pageToken = null;
    pages:
    for (int page = 0; page < MAX_PAGES; page++) {
      String uri =
          apiUrl
              + "/v4/"
              + location
              + "/reviews?pageSize="
              + PAGE_SIZE
              + "&orderBy="
              + URLEncoder.encode("updateTime desc", StandardCharsets.UTF_8)
              + (pageToken == null
                  ? ""
                  : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
      JsonNode body =
          http.call(
                  client
                      .get()
                      .uri(URI.create(uri))
                      .headers(h -> h.setBearerAuth(account.accessToken())))
              .body();
      for (JsonNode review : body.path("reviews")) {
        PlatformReview read = review(review);
        if (after != null && read.updatedAt() != null && !read.updatedAt().isAfter(after)) {
          break pages;
        }
        reviews.add(read);
      }
      pageToken = JsonText.of(body, "nextPageToken");
      if (pageToken == null || pageToken.isBlank()) {
        break;
      }
    }
    reviews.sort(
        Comparator.comparing(
            PlatformReview::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    String next =
        reviews.isEmpty() || reviews.get(reviews.size() - 1).updatedAt() == null
            ? null
            : reviews.get(reviews.size() - 1).updatedAt().toString();
    return new SyncPage<>(reviews, next);
  }

  /** {@code PUT /v4/{name}/reply {"comment"}}, or {@code DELETE} it when {@code text} is null. */
  void reply(AccountCredentials account, String reviewName, String text) {
    URI uri = URI.create(apiUrl + "/v4/" + reviewName + "/reply");
    if (text == null) {
      http.call(client.delete().uri(uri).headers(h -> h.setBearerAuth(account.accessToken())));
    } else {
      http.call(
          client
              .put()
              .uri(uri)
              .headers(h -> h.setBearerAuth(account.accessToken()))
              .contentType(MediaType.APPLICATION_JSON)
              .body(Map.of("comment", text)));
    }
  }

  private static PlatformReview review(JsonNode review) {
    JsonNode reply = review.path("reviewReply");
    return new PlatformReview(
        JsonText.of(review, "name"),
        JsonText.of(review.path("reviewer"), "displayName"),
        stars(JsonText.of(review, "starRating")),
        JsonText.of(review, "comment"),
        JsonText.of(reply, "comment"),
        parse(JsonText.of(reply, "updateTime")),
        parse(JsonText.of(review, "createTime")),
        parse(JsonText.of(review, "updateTime")));
  }

  /** {@code ONE}..{@code FIVE}; {@code STAR_RATING_UNSPECIFIED} or none: null. */
  private static Integer stars(String starRating) {
    return starRating == null ? null : STARS.get(starRating);
  }

  private static Instant parse(String value) {
    try {
      return value == null || value.isBlank() ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

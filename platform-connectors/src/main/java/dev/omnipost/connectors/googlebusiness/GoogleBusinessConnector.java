package dev.omnipost.connectors.googlebusiness;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes local posts of a Google Business Profile location ({@code POST
 * /v4/accounts/{a}/locations/{l}/localPosts}). The location is the account setting {@code
 * location_name} ({@code accounts/{a}/locations/{l}}), else the account id with the setting {@code
 * location_id}. {@code platform_options.topic_type} is required: {@code STANDARD}, {@code EVENT}
 * ({@code event_title}, {@code event_start}, {@code event_end}), {@code OFFER} (the event fields
 * plus {@code coupon_code}, {@code redeem_online_url}, {@code terms_conditions}) or {@code ALERT};
 * a call to action by {@code call_to_action_type} and {@code call_to_action_url}; one photo by URL.
 * The post's text is its summary.
 *
 * <p>The inbox: the location's reviews, and the business's reply to each ({@link
 * GoogleBusinessReviewCalls}).
 */
public final class GoogleBusinessConnector implements PlatformConnector {

  /** The account settings naming the location. */
  public static final String LOCATION_NAME = "location_name";

  public static final String LOCATION_ID = "location_id";

  static final String CREATE_POST = "google_business.local_post";

  private static final Set<String> TOPICS = Set.of("STANDARD", "EVENT", "OFFER", "ALERT");
  private static final int RECENT_POSTS = 20;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final GoogleBusinessReviewCalls reviews;

  /**
   * @param apiUrl e.g. {@code https://mybusiness.googleapis.com}
   */
  public GoogleBusinessConnector(RestClient client, String apiUrl) {
    this(client, apiUrl, Clock.systemUTC());
  }

  GoogleBusinessConnector(RestClient client, String apiUrl, Clock clock) {
    this.client = client;
    this.http =
        new PlatformHttp(Platform.GOOGLE_BUSINESS, new GoogleBusinessErrorTranslator(clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.reviews = new GoogleBusinessReviewCalls(client, http, this.apiUrl);
  }

  @Override
  public Platform platform() {
    return Platform.GOOGLE_BUSINESS;
  }

  /** 10 edits per minute per profile (and 300 requests per minute per API). */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(10, Duration.ofMinutes(1));
  }

  /** One step: the local post. */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    String topic = upper(request.options().get("topic_type"));
    if (topic == null || !TOPICS.contains(topic)) {
      return rejected(
          "Google Business Profile needs platform_options.topic_type: STANDARD, EVENT, OFFER or"
              + " ALERT");
    }
    if (request.media().size() > 1) {
      return rejected("Google Business Profile local posts take one photo");
    }
    if (request.media().size() == 1 && !isImage(request.media().get(0))) {
      return rejected("Google Business Profile local posts take photos only");
    }
    Map<String, Object> post = new LinkedHashMap<>();
    Object language = request.options().get("language_code");
    post.put("languageCode", language == null ? "en" : String.valueOf(language));
    if (request.text() != null && !request.text().isBlank()) {
      post.put("summary", request.text());
    }
    post.put("topicType", topic);
    if (topic.equals("EVENT") || topic.equals("OFFER")) {
      post.put("event", event(request));
    }
    if (topic.equals("OFFER")) {
      Map<String, Object> offer = new LinkedHashMap<>();
      copy(request, "coupon_code", offer, "couponCode");
      copy(request, "redeem_online_url", offer, "redeemOnlineUrl");
      copy(request, "terms_conditions", offer, "termsConditions");
      post.put("offer", offer);
    }
    if (topic.equals("ALERT")) {
      String alert = upper(request.options().get("alert_type"));
      post.put("alertType", alert == null ? "COVID_19" : alert);
    }
    String action = upper(request.options().get("call_to_action_type"));
    if (action != null) {
      Map<String, Object> callToAction = new LinkedHashMap<>();
      callToAction.put("actionType", action);
      copy(request, "call_to_action_url", callToAction, "url");
      post.put("callToAction", callToAction);
    }
    if (request.media().size() == 1) {
      post.put(
          "media",
          List.of(Map.of("mediaFormat", "PHOTO", "sourceUrl", request.media().get(0).url())));
    }
    context.beforeCreate(CREATE_POST);
    JsonNode created =
        http.call(
                client
                    .post()
                    .uri(URI.create(apiUrl + "/v4/" + location(account) + "/localPosts"))
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(post))
            .body();
    return new PublishStep.Done(JsonText.of(created, "name"), JsonText.of(created, "searchUrl"));
  }

  /** The location's newest local posts, by summary and a create time no older than the attempt. */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_POST.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    String summary = request.text() == null ? "" : request.text();
    JsonNode posts =
        http.call(
                client
                    .get()
                    .uri(
                        URI.create(
                            apiUrl
                                + "/v4/"
                                + location(account)
                                + "/localPosts?pageSize="
                                + RECENT_POSTS))
                    .headers(h -> h.setBearerAuth(account.accessToken())))
            .body()
            .path("localPosts");
    boolean reachesBack = posts.size() < RECENT_POSTS;
    for (JsonNode post : posts) {
      Instant created = parseTime(JsonText.of(post, "createTime"));
      if (created != null && created.isBefore(since)) {
        reachesBack = true;
        continue;
      }
      String text = JsonText.of(post, "summary");
      if (summary.equals(text == null ? "" : text)) {
        return new PostLookup.Found(JsonText.of(post, "name"), JsonText.of(post, "searchUrl"));
      }
    }
    return reachesBack
        ? PostLookup.notCreated()
        : new PostLookup.Unknown(
            "the location has more than "
                + RECENT_POSTS
                + " posts since the attempt; Omnipost cannot tell whether one was this post");
  }

  /** {@code DELETE /v4/{name}}; a post already gone answers 404. */
  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      http.call(
          client
              .delete()
              .uri(URI.create(apiUrl + "/v4/" + platformPostId))
              .headers(h -> h.setBearerAuth(account.accessToken())));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    return new MetricsResult.Unsupported(
        "Google retired per-post insights (localPosts:reportInsights); the Business Profile"
            + " Performance API reports per location only");
  }

  @Override
  public Set<InboxOperation> inboxOperations() {
    return Set.of(InboxOperation.LIST_REVIEWS, InboxOperation.REPLY_TO_REVIEW);
  }

  /** The cursor is the newest review update time seen (RFC 3339). */
  @Override
  public SyncPage<PlatformReview> listReviews(AccountCredentials account, String cursor) {
    return reviews.list(account, cursor);
  }

  /** {@code platformReviewId} is the review's resource name. */
  @Override
  public void replyToReview(AccountCredentials account, String platformReviewId, String text) {
    reviews.reply(account, platformReviewId, text);
  }

  /** {@code accounts/{a}/locations/{l}} from the account's settings. */
  static String location(AccountCredentials account) {
    String name = account.setting(LOCATION_NAME);
    if (name != null && name.matches("accounts/[^/]+/locations/[^/]+")) {
      return name;
    }
    String id = account.platformAccountId();
    if (id != null && id.matches("accounts/[^/]+/locations/[^/]+")) {
      return id;
    }
    String locationId = account.setting(LOCATION_ID);
    if (id == null || locationId == null || locationId.isBlank()) {
      throw new PermanentPlatformException(
          Platform.GOOGLE_BUSINESS,
          0,
          "the Google Business Profile account has no location: choose one when connecting it"
              + " (setting location_name or location_id)",
          null);
    }
    return "accounts/" + id.replaceFirst("^accounts/", "") + "/locations/" + locationId.trim();
  }

  private static Map<String, Object> event(PublishRequest request) {
    Object title = request.options().get("event_title");
    if (title == null || String.valueOf(title).isBlank()) {
      throw new PermanentPlatformException(
          Platform.GOOGLE_BUSINESS,
          0,
          "EVENT and OFFER posts need platform_options.event_title, event_start and event_end",
          null);
    }
    Map<String, Object> schedule = new LinkedHashMap<>();
    when(request, "event_start", schedule, "startDate", "startTime");
    when(request, "event_end", schedule, "endDate", "endTime");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("title", String.valueOf(title));
    event.put("schedule", schedule);
    return event;
  }

  /** An ISO date ({@code 2026-12-24}) or local date-time ({@code 2026-12-24T18:00}). */
  private static void when(
      PublishRequest request,
      String option,
      Map<String, Object> schedule,
      String dateField,
      String timeField) {
    Object value = request.options().get(option);
    if (value == null) {
      throw new PermanentPlatformException(
          Platform.GOOGLE_BUSINESS, 0, "platform_options." + option + " is required", null);
    }
    String text = String.valueOf(value).trim();
    try {
      LocalDateTime at;
      boolean withTime = text.contains("T");
      if (!withTime) {
        at = LocalDate.parse(text).atStartOfDay();
      } else {
        try {
          at = OffsetDateTime.parse(text).toLocalDateTime();
        } catch (DateTimeParseException noOffset) {
          at = LocalDateTime.parse(text);
        }
      }
      schedule.put(
          dateField,
          Map.of("year", at.getYear(), "month", at.getMonthValue(), "day", at.getDayOfMonth()));
      if (withTime) {
        schedule.put(
            timeField,
            Map.of("hours", at.getHour(), "minutes", at.getMinute(), "seconds", 0, "nanos", 0));
      }
    } catch (DateTimeParseException e) {
      throw new PermanentPlatformException(
          Platform.GOOGLE_BUSINESS,
          0,
          "platform_options." + option + " must be a date (2026-12-24) or a local date-time",
          e);
    }
  }

  private static void copy(
      PublishRequest request, String option, Map<String, Object> target, String field) {
    Object value = request.options().get(option);
    if (value != null) {
      target.put(field, String.valueOf(value));
    }
  }

  private static String upper(Object value) {
    return value == null ? null : String.valueOf(value).trim().toUpperCase(Locale.ROOT);
  }

  private static PublishStep rejected(String message) {
    return new PublishStep.Rejected("platform_rejected", message);
  }

  private static Instant parseTime(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isImage(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("image/");
    }
    String path = media.url().toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
    return path.endsWith(".jpg") || path.endsWith(".jpeg") || path.endsWith(".png");
  }
}

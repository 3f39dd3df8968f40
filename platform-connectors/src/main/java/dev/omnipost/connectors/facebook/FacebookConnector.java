package dev.omnipost.connectors.facebook;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.meta.GraphCalls;
import dev.omnipost.connectors.meta.GraphConversations;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes to a Facebook Page through the Graph API with the Page's access token (the account's
 * token; the Page id is {@link AccountCredentials#platformAccountId()}): text and links as a feed
 * post, one image as a published photo, several as unpublished photos attached to one feed post
 * ({@code attached_media}), a video by URL ({@code /videos}, then its processing status). Media
 * must be at public URLs (Facebook fetches them).
 *
 * <p>The inbox: the Page's ratings and recommendations ({@code /{page-id}/ratings}). The Graph API
 * has no reply to a recommendation (PLATFORMS.md names none), so replying is not offered.
 */
public final class FacebookConnector implements PlatformConnector {

  /** Attempt markers: the feed post, the published photo, the video. */
  static final String CREATE_POST = "facebook.post";

  static final String CREATE_PHOTO = "facebook.photo";
  static final String CREATE_VIDEO = "facebook.video";

  private static final String PHOTOS = "photos";
  private static final String POST_ID = "post_id";
  private static final String VIDEO_ID = "video_id";
  private static final String WEB = "https://www.facebook.com";
  private static final int CALLS_PER_DAY = 4800;
  private static final int MAX_PHOTOS = 10;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);
  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  private static final Set<InboxOperation> INBOX_OPERATIONS =
      Set.of(
          InboxOperation.LIST_COMMENTS,
          InboxOperation.REPLY_TO_COMMENT,
          InboxOperation.HIDE_COMMENT,
          InboxOperation.LIKE_COMMENT,
          InboxOperation.DELETE_COMMENT,
          InboxOperation.PRIVATE_REPLY,
          InboxOperation.LIST_MESSAGES,
          InboxOperation.SEND_MESSAGE,
          InboxOperation.LIST_REVIEWS);

  /** Graph takes one private reply to a Page comment within 7 days of it. */
  private static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);

  private final GraphCalls graph;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int recentPostLimit;
  private final Clock clock;
  private final GraphConversations conversations;

  /**
   * @param graphUrl e.g. {@code https://graph.facebook.com/v21.0}
   * @param recentPostLimit how many recent posts lookups and comment syncing look at
   */
  public FacebookConnector(
      RestClient client,
      String graphUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit) {
    this(client, graphUrl, pollInterval, processingTimeout, recentPostLimit, Clock.systemUTC());
  }

  FacebookConnector(
      RestClient client,
      String graphUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit,
      Clock clock) {
    this.graph = new GraphCalls(client, Platform.FACEBOOK, graphUrl, CALLS_PER_DAY, clock);
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.recentPostLimit = Math.min(Math.max(recentPostLimit, 1), 100);
    this.clock = clock;
    this.conversations =
        new GraphConversations(
            client, Platform.FACEBOOK, graphUrl, "messenger", this.recentPostLimit, clock);
  }

  @Override
  public Platform platform() {
    return Platform.FACEBOOK;
  }

  /**
   * Page tokens are held to the Pages business-use-case limit, 4800 calls per 24 h times the Page's
   * engaged users (at least one), refined by {@code X-Business-Use-Case-Usage}.
   */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(CALLS_PER_DAY, Duration.ofHours(24));
  }

  /**
   * Steps (state keys): text/link: the feed post ({@code post_id}); one image: the published photo
   * ({@code post_id}); several: one unpublished photo per step ({@code photos}), then the feed post
   * attaching them; video: {@code /videos} ({@code video_id}), its status read until {@code ready};
   * last, the permalink.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    List<MediaAttachment> media = request.media();
    boolean video = media.stream().anyMatch(FacebookConnector::isVideo);
    if (video && media.size() > 1) {
      return new PublishStep.Rejected(
          "platform_rejected", "a Facebook Page post carries one video, or images only");
    }
    if (media.size() > MAX_PHOTOS) {
      return new PublishStep.Rejected(
          "platform_rejected",
          "Omnipost attaches at most " + MAX_PHOTOS + " photos to a Page post");
    }
    if (state.has(POST_ID)) {
      String postId = state.text(POST_ID);
      JsonNode post = graph.get(account, context, "/{id}?fields=id,permalink_url", postId);
      return new PublishStep.Done(postId, absolute(JsonText.of(post, "permalink_url")));
    }
    if (video) {
      return videoStep(account, request, state, context);
    }
    if (media.size() == 1) {
      MultiValueMap<String, String> photo = new LinkedMultiValueMap<>();
      photo.add("url", media.get(0).url());
      addIfPresent(photo, "caption", request.text());
      context.beforeCreate(CREATE_PHOTO);
      JsonNode created = graph.post(account, context, "/{page}/photos", photo);
      return PublishStep.Wait.now(state.with(POST_ID, JsonText.of(created, "post_id")));
    }
    List<String> photos = state.texts(PHOTOS);
    if (photos.size() < media.size()) {
      MultiValueMap<String, String> photo = new LinkedMultiValueMap<>();
      photo.add("url", media.get(photos.size()).url());
      photo.add("published", "false");
      JsonNode uploaded = graph.post(account, context, "/{page}/photos", photo);
      return PublishStep.Wait.now(state.withAdded(PHOTOS, JsonText.of(uploaded, "id")));
    }
    MultiValueMap<String, String> feed = new LinkedMultiValueMap<>();
    addIfPresent(feed, "message", request.text());
    Object link = request.options().get("link");
    if (link != null) {
      feed.add("link", String.valueOf(link));
    }
    for (int i = 0; i < photos.size(); i++) {
      feed.add("attached_media[" + i + "]", "{\"media_fbid\":\"" + photos.get(i) + "\"}");
    }
    context.beforeCreate(CREATE_POST);
    try {
      JsonNode created = graph.post(account, context, "/{page}/feed", feed);
      return PublishStep.Wait.now(state.with(POST_ID, JsonText.of(created, "id")));
    } catch (PermanentPlatformException e) {
      if (!isDuplicate(e)) {
        throw e;
      }
      JsonNode same =
          recentWithText(
              account,
              "/{page}/feed",
              "message",
              request.text(),
              clock.instant().minus(DUPLICATE_WINDOW));
      if (same == null) {
        throw e;
      }
      return new PublishStep.Done(
          JsonText.of(same, "id"), absolute(JsonText.of(same, "permalink_url")));
    }
  }

  private PublishStep videoStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    if (!state.has(VIDEO_ID)) {
      MultiValueMap<String, String> upload = new LinkedMultiValueMap<>();
      upload.add("file_url", request.media().get(0).url());
      addIfPresent(upload, "description", request.text());
      Object title = request.options().get("title");
      if (title != null) {
        upload.add("title", String.valueOf(title));
      }
      context.beforeCreate(CREATE_VIDEO);
      JsonNode created = graph.post(account, context, "/{page}/videos", upload);
      return new PublishStep.Wait(state.with(VIDEO_ID, JsonText.of(created, "id")), pollInterval);
    }
    String videoId = state.text(VIDEO_ID);
    JsonNode node = graph.get(account, context, "/{id}?fields=id,status,permalink_url", videoId);
    JsonNode status = node.path("status");
    switch (status.path("video_status").asString("")) {
      case "ready" -> {
        return new PublishStep.Done(videoId, absolute(JsonText.of(node, "permalink_url")));
      }
      case "error" -> {
        String reason =
            JsonText.of(status.path("processing_phase").path("errors").path(0), "message");
        return new PublishStep.Rejected(
            "platform_rejected",
            "Facebook could not process video " + videoId + (reason == null ? "" : ": " + reason));
      }
      default -> {
        return new PublishStep.Wait(state, pollInterval);
      }
    }
  }

  /**
   * A lost create is searched among the Page's newest posts (or videos) by text, created no earlier
   * than the attempt; none there while the list reaches back past it means it was not created.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    boolean video = CREATE_VIDEO.equals(attempt.what());
    if (!video && !CREATE_POST.equals(attempt.what()) && !CREATE_PHOTO.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    JsonNode found =
        video
            ? recentWithText(account, "/{page}/videos", "description", request.text(), since)
            : recentWithText(account, "/{page}/feed", "message", request.text(), since);
    if (found != null) {
      return new PostLookup.Found(
          JsonText.of(found, "id"), absolute(JsonText.of(found, "permalink_url")));
    }
    return PostLookup.notCreated();
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    return graph.delete(account, platformPostId);
  }

  /** Reactions (likes), comments and shares (posts; videos have none) from the summaries. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode post =
        graph.get(
            account,
            StepContext.none(),
            "/{id}?fields={fields}",
            platformPostId,
            "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares");
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", post.path("reactions").path("summary").path("total_count").asLong(0));
    counters.put("comments", post.path("comments").path("summary").path("total_count").asLong(0));
    if (post.has("shares")) {
      counters.put("shares", post.path("shares").path("count").asLong(0));
    }
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /** Comments on the Page's recent posts, oldest first. */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    List<PlatformComment> comments = new ArrayList<>();
    JsonNode posts =
        graph
            .get(
                account,
                StepContext.none(),
                "/{page}/feed?fields=id&limit={limit}",
                account.platformAccountId(),
                recentPostLimit)
            .path("data");
    for (JsonNode post : posts) {
      String postId = JsonText.of(post, "id");
      JsonNode data =
          graph
              .get(
                  account,
                  StepContext.none(),
                  "/{id}/comments?fields=id,message,from,created_time,parent&filter=stream",
                  postId)
              .path("data");
      for (JsonNode comment : data) {
        comments.add(
            new PlatformComment(
                JsonText.of(comment, "id"),
                postId,
                JsonText.of(comment.path("parent"), "id"),
                JsonText.of(comment.path("from"), "id"),
                JsonText.of(comment.path("from"), "name"),
                JsonText.of(comment, "message"),
                parseTime(JsonText.of(comment, "created_time"))));
      }
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
  }

  /** Comments on the Page's posts with every action, Messenger, and ratings (listing only). */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return INBOX_OPERATIONS;
  }

  /** {@code POST /{comment-id}/comments {message}}: the Page answers → the reply's id. */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("message", text);
    return JsonText.of(graph.postOn(account, "/{id}/comments", form, platformCommentId), "id");
  }

  /** {@code POST /{comment-id} is_hidden=true|false}. */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("is_hidden", String.valueOf(hidden));
    graph.postOn(account, "/{id}", form, platformCommentId);
  }

  /** {@code POST|DELETE /{comment-id}/likes}: the Page likes the comment, or no longer does. */
  @Override
  public void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    if (liked) {
      graph.postOn(account, "/{id}/likes", new LinkedMultiValueMap<>(), platformCommentId);
    } else {
      graph.deleteOn(account, "/{id}/likes", platformCommentId);
    }
  }

  /** {@code DELETE /{comment-id}}; a comment Graph no longer has is already deleted. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    graph.delete(account, platformCommentId);
  }

  @Override
  public Duration privateReplyWindow() {
    return PRIVATE_REPLY_WINDOW;
  }

  /**
   * {@code POST /{page-id}/messages} with {@code recipient.comment_id}: one Messenger message to
   * the comment's author → {@code {"recipient_id", "message_id"}}.
   */
  @Override
  public String privateReply(AccountCredentials account, String platformCommentId, String text) {
    Map<String, Object> body =
        Map.of(
            "recipient", Map.of("comment_id", platformCommentId), "message", Map.of("text", text));
    return JsonText.of(
        graph.postJsonOn(account, "/{page}/messages", body, account.platformAccountId()),
        "message_id");
  }

  /** One image or MP4 video per answer, sent as a Send API attachment by URL. */
  @Override
  public dev.omnipost.connectors.inbox.MessageMediaRules messageMedia() {
    return GraphConversations.mediaRules();
  }

  /** Messenger's standard messaging: answers within 24 hours of the person's last message. */
  @Override
  public Duration messagingWindow() {
    return GraphConversations.WINDOW;
  }

  /** The Page's Messenger threads ({@link GraphConversations#list}). */
  @Override
  public SyncPage<PlatformMessage> listMessages(AccountCredentials account, String cursor) {
    return conversations.list(account, cursor);
  }

  /** {@code POST /{page-id}/messages} to the thread's PSID ({@link GraphConversations#send}). */
  @Override
  public String sendMessage(
      AccountCredentials account,
      String platformConversationId,
      String recipientId,
      String text,
      List<MediaAttachment> media) {
    return conversations.send(account, recipientId, text, media);
  }

  /**
   * {@code GET /{page-id}/ratings}, newest first, kept when created at or after {@code cursor} (an
   * RFC 3339 time); a rating's id is its open graph story's. Recommendations without stars have a
   * null rating.
   */
  @Override
  public SyncPage<PlatformReview> listReviews(AccountCredentials account, String cursor) {
    Instant after = cursor == null ? null : parseTime(cursor);
    JsonNode data =
        graph
            .get(
                account,
                StepContext.none(),
                "/{page}/ratings?fields=created_time,recommendation_type,rating,review_text,"
                    + "reviewer,open_graph_story&limit=100",
                account.platformAccountId())
            .path("data");
    List<PlatformReview> reviews = new ArrayList<>();
    for (JsonNode rating : data) {
      Instant created = parseTime(JsonText.of(rating, "created_time"));
      String id = JsonText.of(rating.path("open_graph_story"), "id");
      // times are to the second: a rating in the cursor's second is read again (and de-duplicated)
      if (id == null || (after != null && created != null && created.isBefore(after))) {
        continue;
      }
      JsonNode stars = rating.get("rating");
      reviews.add(
          new PlatformReview(
              id,
              JsonText.of(rating.path("reviewer"), "name"),
              stars == null || !stars.isNumber() ? null : stars.asInt(),
              JsonText.of(rating, "review_text"),
              null,
              null,
              created,
              created));
    }
    java.util.Collections.reverse(reviews);
    reviews.sort(
        Comparator.comparing(
            PlatformReview::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    Instant newest = reviews.isEmpty() ? null : reviews.get(reviews.size() - 1).createdAt();
    return new SyncPage<>(reviews, newest == null ? null : newest.toString());
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /** The newest post (or video) with this text created since {@code since}, or null. */
  private JsonNode recentWithText(
      AccountCredentials account, String edge, String textField, String text, Instant since) {
    String wanted = text == null ? "" : text;
    JsonNode data =
        graph
            .get(
                account,
                StepContext.none(),
                edge + "?fields=id," + textField + ",created_time,permalink_url&limit={limit}",
                account.platformAccountId(),
                recentPostLimit)
            .path("data");
    for (JsonNode item : data) {
      Instant created = parseTime(JsonText.of(item, "created_time"));
      String itemText = JsonText.of(item, textField);
      if ((created == null || !created.isBefore(since))
          && wanted.equals(itemText == null ? "" : itemText)) {
        return item;
      }
    }
    return null;
  }

  private static boolean isDuplicate(PermanentPlatformException e) {
    return e.getMessage() != null
        && (e.getMessage().startsWith("(#506)")
            || e.getMessage().contains("Duplicate status message"));
  }

  private static void addIfPresent(MultiValueMap<String, String> form, String name, String value) {
    if (value != null && !value.isBlank()) {
      form.add(name, value);
    }
  }

  /** Graph gives videos a Page-relative permalink ({@code /{page}/videos/{id}/}). */
  private static String absolute(String permalink) {
    if (permalink == null || permalink.startsWith("http")) {
      return permalink;
    }
    return WEB + (permalink.startsWith("/") ? "" : "/") + permalink;
  }

  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException notGraph) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  private static boolean isVideo(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("video/");
    }
    String path = media.url().toLowerCase().replaceAll("[?#].*$", "");
    return path.endsWith(".mp4") || path.endsWith(".mov");
  }
}

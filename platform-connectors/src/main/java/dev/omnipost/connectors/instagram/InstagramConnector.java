package dev.omnipost.connectors.instagram;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.insights.AccountInsights;
import dev.omnipost.connectors.meta.GraphConversations;
import dev.omnipost.connectors.meta.MetaErrorTranslator;
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
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes to Instagram through the Graph API's content publishing flow, one step per call: create
 * a container per media (children plus a CAROUSEL parent for several), poll until Instagram has
 * fetched and processed it ({@code status_code} FINISHED; a {@code Wait} in between), publish it,
 * then read its permalink. The token travels as {@code Authorization: Bearer}, never in URLs that
 * end up in logs.
 */
public final class InstagramConnector implements PlatformConnector {

  /** Graph writes times as {@code 2017-05-04T17:15:50+0000}. */
  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private static final String COMMENT_FIELDS = "id,text,username,timestamp,from";

  /** Attempt markers: a container create, and the {@code media_publish} that makes it a post. */
  static final String CREATE_CONTAINER = "instagram.container";

  static final String PUBLISH = "instagram.publish";

  private static final String CHILDREN = "children";
  private static final String CHILDREN_READY = "children_ready";
  private static final String CONTAINER = "container";
  private static final String CONTAINER_READY = "container_ready";
  private static final String MEDIA_ID = "media_id";
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** Meta accepts one private reply per comment, within 7 days of it. */
  private static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);

  private static final Set<InboxOperation> INBOX_OPERATIONS =
      Set.of(
          InboxOperation.LIST_COMMENTS,
          InboxOperation.REPLY_TO_COMMENT,
          InboxOperation.HIDE_COMMENT,
          InboxOperation.DELETE_COMMENT,
          InboxOperation.PRIVATE_REPLY,
          InboxOperation.LIST_MENTIONS,
          InboxOperation.LIST_MESSAGES,
          InboxOperation.SEND_MESSAGE);

  private final RestClient client;
  private final PlatformHttp http;
  private final String graphUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int recentMediaLimit;
  private final Clock clock;
  private final GraphConversations conversations;

  /**
   * @param graphUrl e.g. {@code https://graph.facebook.com/v21.0}
   * @param recentMediaLimit how many recent media {@link #listRecentComments} looks at
   */
  public InstagramConnector(
      RestClient client,
      String graphUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentMediaLimit) {
    this(client, graphUrl, pollInterval, processingTimeout, recentMediaLimit, Clock.systemUTC());
  }

  InstagramConnector(
      RestClient client,
      String graphUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentMediaLimit,
      Clock clock) {
    this.client = client;
    this.http =
        new PlatformHttp(Platform.INSTAGRAM, new MetaErrorTranslator(Platform.INSTAGRAM, clock));
    this.graphUrl =
        graphUrl.endsWith("/") ? graphUrl.substring(0, graphUrl.length() - 1) : graphUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.recentMediaLimit = recentMediaLimit;
    this.clock = clock;
    this.conversations =
        new GraphConversations(
            client, Platform.INSTAGRAM, this.graphUrl, "instagram", recentMediaLimit, clock);
  }

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  /** Graph's per-user budget: 200 calls per hour. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(200, Duration.ofHours(1));
  }

  /**
   * One call per step: create each child container ({@code children}), wait until each is {@code
   * FINISHED} ({@code children_ready}), create the top container ({@code container}, caption on
   * it), wait until it is {@code FINISHED} ({@code container_ready}), {@code media_publish} it
   * ({@code media_id}), read its permalink. Waits are {@code Wait(state, pollInterval)}.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    List<MediaAttachment> media = request.media();
    if (media.isEmpty()) {
      return new PublishStep.Rejected(
          "platform_rejected", "Instagram posts need an image or a video");
    }
    String mediaId = state.text(MEDIA_ID);
    if (mediaId != null) {
      JsonNode published = get(account, "/{id}?fields=permalink", mediaId);
      return new PublishStep.Done(mediaId, JsonText.of(published, "permalink"));
    }
    boolean carousel = media.size() > 1;
    List<String> children = state.texts(CHILDREN);
    if (carousel && children.size() < media.size()) {
      context.beforeCreate(CREATE_CONTAINER);
      String child = createContainer(account, mediaParams(media.get(children.size()), true));
      return PublishStep.Wait.now(state.withAdded(CHILDREN, child));
    }
    List<String> readyChildren = state.texts(CHILDREN_READY);
    if (carousel && readyChildren.size() < children.size()) {
      String child = children.get(readyChildren.size());
      Optional<PublishStep> notReady = processing(account, child, state);
      return notReady.orElseGet(() -> PublishStep.Wait.now(state.withAdded(CHILDREN_READY, child)));
    }
    String container = state.text(CONTAINER);
    if (container == null) {
      MultiValueMap<String, String> params;
      if (carousel) {
        params = new LinkedMultiValueMap<>();
        params.add("media_type", "CAROUSEL");
        params.add("children", String.join(",", children));
      } else {
        params = mediaParams(media.get(0), false);
      }
      addCaption(params, request.text());
      context.beforeCreate(CREATE_CONTAINER);
      String created = createContainer(account, params);
      return new PublishStep.Wait(state.with(CONTAINER, created), pollInterval);
    }
    if (!state.has(CONTAINER_READY)) {
      Optional<PublishStep> notReady = processing(account, container, state);
      return notReady.orElseGet(() -> PublishStep.Wait.now(state.with(CONTAINER_READY, "true")));
    }
    context.beforeCreate(PUBLISH);
    MultiValueMap<String, String> publish = new LinkedMultiValueMap<>();
    publish.add("creation_id", container);
    String id = JsonText.of(post(account, "/{user}/media_publish", publish), "id");
    return PublishStep.Wait.now(state.with(MEDIA_ID, id));
  }

  /**
   * A lost container create never posts anything (an unpublished container expires), so it is
   * {@code NotCreated}. A lost {@code media_publish}: the container says {@code PUBLISHED} or not;
   * when it does, the account's recent media with the caption, no older than the attempt, is the
   * post.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!PUBLISH.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    String container = state.text(CONTAINER);
    String statusCode;
    try {
      statusCode = JsonText.of(get(account, "/{id}?fields=status_code", container), "status_code");
    } catch (PermanentPlatformException unreadable) {
      return new PostLookup.Unknown(
          "Instagram cannot show container " + container + ": " + unreadable.getMessage());
    }
    if (!"PUBLISHED".equals(statusCode)) {
      return PostLookup.notCreated();
    }
    JsonNode recent =
        get(
            account,
            "/{user}/media?fields=id,caption,timestamp,permalink&limit={limit}",
            account.platformAccountId(),
            recentMediaLimit);
    Instant since = attempt.at().minus(CLOCK_SKEW);
    String caption = request.text() == null ? "" : request.text();
    for (JsonNode item : recent.path("data")) {
      Instant at = parseTime(JsonText.of(item, "timestamp"));
      String itemCaption = JsonText.of(item, "caption");
      if (at != null
          && !at.isBefore(since)
          && caption.equals(itemCaption == null ? "" : itemCaption)) {
        return new PostLookup.Found(JsonText.of(item, "id"), JsonText.of(item, "permalink"));
      }
    }
    return new PostLookup.Unknown(
        "Instagram says container "
            + container
            + " was published, but no recent media of the account matches it");
  }

  /** Likes and comments of the media, as Graph counts them. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode media = get(account, "/{id}?fields=like_count,comments_count", platformPostId);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", media.path("like_count").asLong(0));
    counters.put("comments", media.path("comments_count").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  @Override
  public boolean supportsAccountInsights() {
    return true;
  }

  /**
   * The IG user's {@code followers_count} and {@code media_count}, and its {@code reach} insight of
   * the day ({@code GET /{ig-user-id}/insights?metric=reach&period=day}, the last value).
   */
  @Override
  public AccountInsights accountInsights(AccountCredentials account) {
    JsonNode user =
        get(account, "/{id}?fields=followers_count,media_count", account.platformAccountId());
    JsonNode insights =
        get(account, "/{id}/insights?metric=reach&period=day", account.platformAccountId());
    Long reach = null;
    for (JsonNode metric : insights.path("data")) {
      JsonNode values = metric.path("values");
      if ("reach".equals(metric.path("name").asString(null)) && values.size() > 0) {
        reach = values.get(values.size() - 1).path("value").asLong(0);
      }
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("media_count", user.path("media_count").asLong(0));
    return new AccountInsights(
        user.path("followers_count").asLong(0), reach, counters, clock.instant());
  }

  @Override
  public boolean canDelete() {
    return false;
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    return new DeleteResult.Unsupported("Instagram's API cannot delete published media");
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /** Empty once the container is FINISHED; else the step to take (wait, or reject on ERROR). */
  private Optional<PublishStep> processing(
      AccountCredentials account, String containerId, StepState state) {
    JsonNode container = get(account, "/{id}?fields=status_code,status", containerId);
    String statusCode = JsonText.of(container, "status_code");
    if ("FINISHED".equals(statusCode)) {
      return Optional.empty();
    }
    if ("ERROR".equals(statusCode) || "EXPIRED".equals(statusCode)) {
      String reason = JsonText.of(container, "status");
      return Optional.of(
          new PublishStep.Rejected(
              "platform_rejected",
              "Instagram could not process the media: " + (reason != null ? reason : statusCode)));
    }
    return Optional.of(new PublishStep.Wait(state, pollInterval));
  }

  /** Comments on the account's most recent media, oldest first. */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    JsonNode recent =
        get(
            account,
            "/{user}/media?fields=id,timestamp&limit={limit}",
            account.platformAccountId(),
            recentMediaLimit);
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode media : recent.path("data")) {
      String mediaId = JsonText.of(media, "id");
      JsonNode page = get(account, "/{id}/comments?fields={fields}", mediaId, COMMENT_FIELDS);
      for (JsonNode comment : page.path("data")) {
        JsonNode from = comment.path("from");
        comments.add(
            new PlatformComment(
                JsonText.of(comment, "id"),
                mediaId,
                null,
                JsonText.of(from, "id"),
                JsonText.of(comment, "username") != null
                    ? JsonText.of(comment, "username")
                    : JsonText.of(from, "username"),
                JsonText.of(comment, "text"),
                parseTime(JsonText.of(comment, "timestamp"))));
      }
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
  }

  /** Comments, replies, hiding, deleting and private replies; Graph cannot like a comment. */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return INBOX_OPERATIONS;
  }

  @Override
  public Duration privateReplyWindow() {
    return PRIVATE_REPLY_WINDOW;
  }

  /**
   * Media others tagged the account in ({@code GET /{ig-user-id}/tags}), oldest first. Graph pages
   * these by opaque cursors that expire, so every sync reads the most recent page and the inbox
   * de-duplicates; the returned cursor is always null.
   */
  @Override
  public SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    JsonNode tags =
        get(
            account,
            "/{user}/tags?fields=id,caption,username,timestamp,permalink&limit={limit}",
            account.platformAccountId(),
            recentMediaLimit);
    List<PlatformMention> mentions = new ArrayList<>();
    for (JsonNode media : tags.path("data")) {
      String id = JsonText.of(media, "id");
      mentions.add(
          new PlatformMention(
              id,
              id,
              null,
              JsonText.of(media, "username"),
              JsonText.of(media, "caption"),
              JsonText.of(media, "permalink"),
              parseTime(JsonText.of(media, "timestamp"))));
    }
    mentions.sort(
        Comparator.comparing(
            PlatformMention::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(mentions, null);
  }

  /** One image or MP4 video per answer, sent as a Send API attachment by URL. */
  @Override
  public dev.omnipost.connectors.inbox.MessageMediaRules messageMedia() {
    return GraphConversations.mediaRules();
  }

  /** Instagram messaging answers within 24 hours of the person's last message. */
  @Override
  public Duration messagingWindow() {
    return GraphConversations.WINDOW;
  }

  /** The account's Instagram Direct threads ({@link GraphConversations#list}). */
  @Override
  public SyncPage<PlatformMessage> listMessages(AccountCredentials account, String cursor) {
    return conversations.list(account, cursor);
  }

  /**
   * {@code POST /{ig-user-id}/messages} to the thread's IGSID ({@link GraphConversations#send}).
   */
  @Override
  public String sendMessage(
      AccountCredentials account,
      String platformConversationId,
      String recipientId,
      String text,
      List<MediaAttachment> media) {
    return conversations.send(account, recipientId, text, media);
  }

  /** {@code POST /{comment-id}/replies?message=} → {@code {"id"}}. */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("message", text);
    return JsonText.of(postTo(account, "/{id}/replies", form, platformCommentId), "id");
  }

  /** {@code POST /{comment-id}?hide=true|false}. */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("hide", String.valueOf(hidden));
    postTo(account, "/{id}", form, platformCommentId);
  }

  /** {@code DELETE /{comment-id}}; a comment Graph no longer knows is already deleted. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    try {
      http.call(
          client
              .delete()
              .uri(graphUrl + "/{id}", platformCommentId)
              .headers(h -> authorize(h, account)));
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }

  /**
   * {@code POST /{ig-user-id}/messages} with {@code recipient.comment_id}: a direct message to the
   * comment's author → {@code {"recipient_id", "message_id"}}.
   */
  @Override
  public String privateReply(AccountCredentials account, String platformCommentId, String text) {
    Map<String, Object> body =
        Map.of(
            "recipient", Map.of("comment_id", platformCommentId), "message", Map.of("text", text));
    JsonNode sent =
        http.call(
                client
                    .post()
                    .uri(graphUrl + "/{user}/messages", account.platformAccountId())
                    .headers(h -> authorize(h, account))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body))
            .body();
    return JsonText.of(sent, "message_id");
  }

  private JsonNode postTo(
      AccountCredentials account, String path, MultiValueMap<String, String> form, String id) {
    return http.call(
            client
                .post()
                .uri(graphUrl + path, id)
                .headers(h -> authorize(h, account))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form))
        .body();
  }

  private MultiValueMap<String, String> mediaParams(MediaAttachment media, boolean carouselItem) {
    MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
    if (isVideo(media)) {
      params.add("media_type", carouselItem ? "VIDEO" : "REELS");
      params.add("video_url", media.url());
    } else {
      params.add("image_url", media.url());
    }
    if (carouselItem) {
      params.add("is_carousel_item", "true");
    }
    return params;
  }

  private static void addCaption(MultiValueMap<String, String> params, String text) {
    if (text != null && !text.isBlank()) {
      params.add("caption", text);
    }
  }

  private String createContainer(AccountCredentials account, MultiValueMap<String, String> params) {
    return JsonText.of(post(account, "/{user}/media", params), "id");
  }

  private JsonNode post(
      AccountCredentials account, String path, MultiValueMap<String, String> form) {
    return http.call(
            client
                .post()
                .uri(graphUrl + path, account.platformAccountId())
                .headers(h -> authorize(h, account))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form))
        .body();
  }

  private JsonNode get(AccountCredentials account, String path, Object... variables) {
    return http.call(
            client.get().uri(graphUrl + path, variables).headers(h -> authorize(h, account)))
        .body();
  }

  private static void authorize(HttpHeaders headers, AccountCredentials account) {
    headers.setBearerAuth(account.accessToken());
  }

  private static boolean isVideo(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("video/");
    }
    String path = media.url().toLowerCase().replaceAll("[?#].*$", "");
    return path.endsWith(".mp4") || path.endsWith(".mov");
  }

  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException notGraphFormat) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}

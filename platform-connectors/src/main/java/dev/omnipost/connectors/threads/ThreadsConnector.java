package dev.omnipost.connectors.threads;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.meta.GraphCalls;
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
 * Publishes to Threads through its Graph-style API: a media container ({@code TEXT}, {@code IMAGE}
 * or {@code VIDEO}; several media become carousel items and a {@code CAROUSEL} container), polled
 * until {@code FINISHED}, then {@code threads_publish}, then the permalink. Media must be at public
 * URLs (Threads fetches them). The user id is {@link AccountCredentials#platformAccountId()}.
 *
 * <p>In the inbox: the replies under the user's recent threads are its comments ({@code
 * /conversation}, every depth), answered with a reply container, hidden with {@code manage_reply}
 * (top-level replies, the nested ones with them) and, the user's own replies only, deleted; Threads
 * has no API to like a reply. Mentions come from {@code /{user}/mentions}.
 */
public final class ThreadsConnector implements PlatformConnector {

  /** The attempt marker of {@code threads_publish}. */
  static final String PUBLISH = "threads.publish";

  private static final String CHILDREN = "children";
  private static final String CHILDREN_READY = "children_ready";
  private static final String CONTAINER = "container";
  private static final String CONTAINER_READY = "container_ready";
  private static final String MEDIA_ID = "media_id";
  private static final int MAX_CAROUSEL = 20;
  private static final int CALLS_PER_HOUR = 200;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** Pages of replies (of 100) read per thread, and of mentions (of 25) per sync. */
  private static final int MAX_PAGES = 10;

  private static final String REPLY_FIELDS =
      "id,text,username,timestamp,permalink,hide_status,replied_to,root_post,is_reply_owned_by_me";
  private static final String MENTION_FIELDS = "id,text,username,timestamp,permalink";

  private static final Set<InboxOperation> INBOX_OPERATIONS =
      Set.of(
          InboxOperation.LIST_COMMENTS,
          InboxOperation.REPLY_TO_COMMENT,
          InboxOperation.HIDE_COMMENT,
          InboxOperation.DELETE_COMMENT,
          InboxOperation.LIST_MENTIONS);

  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  private final GraphCalls graph;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int recentPostLimit;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://graph.threads.net/v1.0}
   * @param recentPostLimit how many recent threads lookups and comment syncing look at
   */
  public ThreadsConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit) {
    this(client, apiUrl, pollInterval, processingTimeout, recentPostLimit, Clock.systemUTC());
  }

  ThreadsConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit,
      Clock clock) {
    this.graph = new GraphCalls(client, Platform.THREADS, apiUrl, CALLS_PER_HOUR, clock);
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.recentPostLimit = Math.min(Math.max(recentPostLimit, 1), 100);
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.THREADS;
  }

  /** 200 calls per user per rolling hour, refined by {@code X-App-Usage}; 250 posts a day. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(CALLS_PER_HOUR, Duration.ofHours(1));
  }

  /**
   * Steps (state keys): carousel items one per step ({@code children}), polled until all are
   * FINISHED ({@code children_ready}); the top container ({@code container}), polled ({@code
   * container_ready}); {@code threads_publish} ({@code media_id}); the permalink.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    List<MediaAttachment> media = request.media();
    if (media.size() > MAX_CAROUSEL) {
      return new PublishStep.Rejected(
          "platform_rejected", "Threads carousels take at most " + MAX_CAROUSEL + " items");
    }
    if (media.isEmpty() && (request.text() == null || request.text().isBlank())) {
      return new PublishStep.Rejected("platform_rejected", "a Threads post needs text or media");
    }
    if (state.has(MEDIA_ID)) {
      String mediaId = state.text(MEDIA_ID);
      JsonNode thread = graph.get(account, context, "/{id}?fields=id,permalink", mediaId);
      return new PublishStep.Done(mediaId, JsonText.of(thread, "permalink"));
    }
    if (!state.has(CONTAINER)) {
      if (media.size() > 1) {
        List<String> children = state.texts(CHILDREN);
        if (children.size() < media.size()) {
          MultiValueMap<String, String> item = mediaParams(media.get(children.size()));
          item.add("is_carousel_item", "true");
          return PublishStep.Wait.now(
              state.withAdded(CHILDREN, createContainer(account, item, context)));
        }
        if (!state.has(CHILDREN_READY)) {
          for (String child : children) {
            PublishStep notReady = checkContainer(account, child, state, context);
            if (notReady != null) {
              return notReady;
            }
          }
          return PublishStep.Wait.now(state.with(CHILDREN_READY, "true"));
        }
        MultiValueMap<String, String> carousel = new LinkedMultiValueMap<>();
        carousel.add("media_type", "CAROUSEL");
        carousel.add("children", String.join(",", children));
        return PublishStep.Wait.now(
            state.with(CONTAINER, createContainer(account, withText(carousel, request), context)));
      }
      MultiValueMap<String, String> single =
          media.isEmpty() ? textParams(request) : mediaParams(media.get(0));
      return new PublishStep.Wait(
          state.with(CONTAINER, createContainer(account, withText(single, request), context)),
          media.isEmpty() ? Duration.ZERO : pollInterval);
    }
    String container = state.text(CONTAINER);
    if (!state.has(CONTAINER_READY)) {
      PublishStep notReady = checkContainer(account, container, state, context);
      return notReady != null
          ? notReady
          : PublishStep.Wait.now(state.with(CONTAINER_READY, "true"));
    }
    MultiValueMap<String, String> publish = new LinkedMultiValueMap<>();
    publish.add("creation_id", container);
    context.beforeCreate(PUBLISH);
    JsonNode published = graph.post(account, context, "/{user}/threads_publish", publish);
    return PublishStep.Wait.now(state.with(MEDIA_ID, JsonText.of(published, "id")));
  }

  /**
   * A lost {@code threads_publish}: the container tells. Not {@code PUBLISHED} → it was not
   * published; {@code PUBLISHED} → the user's thread with this text since the attempt, else
   * unknown.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    String container = state.text(CONTAINER);
    if (!PUBLISH.equals(attempt.what()) || container == null) {
      return PostLookup.notCreated();
    }
    String status =
        JsonText.of(
            graph.get(account, StepContext.none(), "/{id}?fields=status,error_message", container),
            "status");
    if (!"PUBLISHED".equals(status)) {
      return PostLookup.notCreated();
    }
    long since = attempt.at().minus(CLOCK_SKEW).getEpochSecond();
    String text = request.text() == null ? "" : request.text();
    for (JsonNode thread : recent(account, since)) {
      if (text.equals(JsonText.of(thread, "text") == null ? "" : JsonText.of(thread, "text"))) {
        return new PostLookup.Found(JsonText.of(thread, "id"), JsonText.of(thread, "permalink"));
      }
    }
    return new PostLookup.Unknown(
        "Threads says container "
            + container
            + " was published, but no recent thread has its text");
  }

  /** {@code DELETE /{media-id}}; Threads allows 100 deletes a day. */
  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    return graph.delete(account, platformPostId);
  }

  /**
   * Insights: {@code views}, {@code likes}, {@code replies} (comments), reposts + quotes + shares.
   */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode data =
        graph
            .get(
                account,
                StepContext.none(),
                "/{id}/insights?metric={metrics}",
                platformPostId,
                "views,likes,replies,reposts,quotes,shares")
            .path("data");
    Map<String, Long> values = new LinkedHashMap<>();
    for (JsonNode metric : data) {
      values.put(
          JsonText.of(metric, "name"), metric.path("values").path(0).path("value").asLong(0));
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("views", values.getOrDefault("views", 0L));
    counters.put("likes", values.getOrDefault("likes", 0L));
    counters.put("comments", values.getOrDefault("replies", 0L));
    counters.put(
        "shares",
        values.getOrDefault("reposts", 0L)
            + values.getOrDefault("quotes", 0L)
            + values.getOrDefault("shares", 0L));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /**
   * Others' replies under the user's recent threads, at every depth ({@code GET
   * /{id}/conversation}, followed through {@code paging.cursors.after}), oldest first; a reply's
   * parent is the reply it answers ({@code replied_to}), none for a reply to the thread itself. The
   * user's own replies ({@code is_reply_owned_by_me}) are not comments to answer.
   */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode thread : recent(account, null)) {
      if (thread.path("is_reply").asBoolean(false)) {
        continue;
      }
      String threadId = JsonText.of(thread, "id");
      String after = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        JsonNode answer =
            after == null
                ? graph.get(
                    account,
                    StepContext.none(),
                    "/{id}/conversation?fields={fields}&reverse=false&limit=100",
                    threadId,
                    REPLY_FIELDS)
                : graph.get(
                    account,
                    StepContext.none(),
                    "/{id}/conversation?fields={fields}&reverse=false&limit=100&after={after}",
                    threadId,
                    REPLY_FIELDS,
                    after);
        for (JsonNode reply : answer.path("data")) {
          if (reply.path("is_reply_owned_by_me").asBoolean(false)) {
            continue;
          }
          String parent = JsonText.of(reply.path("replied_to"), "id");
          comments.add(
              new PlatformComment(
                  JsonText.of(reply, "id"),
                  threadId,
                  threadId.equals(parent) ? null : parent,
                  null,
                  JsonText.of(reply, "username"),
                  JsonText.of(reply, "text"),
                  parseTime(JsonText.of(reply, "timestamp"))));
        }
        after = nextCursor(answer);
        if (after == null) {
          break;
        }
      }
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
  }

  /** Replies, hiding, deleting the user's own replies, mentions; no like (Threads has no API). */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return INBOX_OPERATIONS;
  }

  /**
   * A reply is a post: a {@code TEXT} container with {@code reply_to_id}, its status looked at once
   * (a text container is ready at once; one still processing is a transient 503, nothing having
   * been published, so the retry makes a new container), then {@code threads_publish} → the reply's
   * media id.
   */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
    params.add("media_type", "TEXT");
    params.add("text", text);
    params.add("reply_to_id", platformCommentId);
    String container = createContainer(account, params, StepContext.none());
    JsonNode status =
        graph.get(account, StepContext.none(), "/{id}?fields=status,error_message", container);
    String code = JsonText.of(status, "status");
    if ("ERROR".equals(code) || "EXPIRED".equals(code)) {
      String reason = JsonText.of(status, "error_message");
      throw new PermanentPlatformException(
          Platform.THREADS,
          400,
          "Threads could not process the reply ("
              + code
              + ")"
              + (reason == null ? "" : ": " + reason),
          null);
    }
    if (!"FINISHED".equals(code)) {
      // 503: nothing was published, so the inbox may retry without taking it for a lost reply
      throw new TransientPlatformException(
          Platform.THREADS,
          503,
          "Threads is still processing the reply container " + container,
          pollInterval,
          null);
    }
    MultiValueMap<String, String> publish = new LinkedMultiValueMap<>();
    publish.add("creation_id", container);
    return JsonText.of(
        graph.post(account, StepContext.none(), "/{user}/threads_publish", publish), "id");
  }

  /**
   * {@code POST /{reply-id}/manage_reply hide=true|false}: only a top-level reply under the user's
   * own thread (the nested ones under it go with it).
   */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("hide", String.valueOf(hidden));
    graph.postOn(account, "/{id}/manage_reply", form, platformCommentId);
  }

  /** Threads deletes only the user's own replies (as its own posts). */
  @Override
  public boolean deletesOwnCommentsOnly() {
    return true;
  }

  /** {@code DELETE /{media-id}} of the user's own reply; one already gone counts as deleted. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    graph.delete(account, platformCommentId);
  }

  /**
   * {@code GET /{user}/mentions} (permission {@code threads_manage_mentions}), newest first and
   * paged, since the cursor: the newest mention's time in epoch seconds ({@code since} is
   * inclusive, so the newest one comes again and the inbox de-duplicates it). Oldest first.
   */
  @Override
  public SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    Long since = cursor == null ? null : parseSeconds(cursor);
    List<PlatformMention> mentions = new ArrayList<>();
    long newest = since == null ? Long.MIN_VALUE : since;
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      StringBuilder path = new StringBuilder("/{user}/mentions?fields={fields}&limit=25");
      List<Object> variables =
          new ArrayList<>(List.of(account.platformAccountId(), MENTION_FIELDS));
      if (since != null) {
        path.append("&since={since}");
        variables.add(since);
      }
      if (after != null) {
        path.append("&after={after}");
        variables.add(after);
      }
      JsonNode answer =
          graph.get(account, StepContext.none(), path.toString(), variables.toArray());
      for (JsonNode media : answer.path("data")) {
        String id = JsonText.of(media, "id");
        Instant at = parseTime(JsonText.of(media, "timestamp"));
        if (at != null) {
          newest = Math.max(newest, at.getEpochSecond());
        }
        mentions.add(
            new PlatformMention(
                id,
                id,
                null,
                JsonText.of(media, "username"),
                JsonText.of(media, "text"),
                JsonText.of(media, "permalink"),
                at));
      }
      after = nextCursor(answer);
      if (after == null) {
        break;
      }
    }
    // Threads answers newest first, to the second: reversed, equal seconds keep their order
    java.util.Collections.reverse(mentions);
    mentions.sort(
        Comparator.comparing(
            PlatformMention::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(
        mentions,
        newest == Long.MIN_VALUE || (since != null && newest == since)
            ? null
            : String.valueOf(newest));
  }

  /** Graph paging: the {@code after} cursor while {@code paging.next} says there is more. */
  private static String nextCursor(JsonNode answer) {
    JsonNode paging = answer.path("paging");
    String after = JsonText.of(paging.path("cursors"), "after");
    return paging.hasNonNull("next") && after != null && !after.isBlank() ? after : null;
  }

  private static Long parseSeconds(String cursor) {
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException notOurs) {
      return null;
    }
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /** Null when the container is FINISHED; else the step to return (wait, or the refusal). */
  private PublishStep checkContainer(
      AccountCredentials account, String container, StepState state, StepContext context) {
    JsonNode status = graph.get(account, context, "/{id}?fields=status,error_message", container);
    String code = JsonText.of(status, "status");
    if ("FINISHED".equals(code)) {
      return null;
    }
    if ("ERROR".equals(code) || "EXPIRED".equals(code)) {
      String reason = JsonText.of(status, "error_message");
      return new PublishStep.Rejected(
          "platform_rejected",
          "Threads could not process container "
              + container
              + " ("
              + code
              + ")"
              + (reason == null ? "" : ": " + reason));
    }
    return new PublishStep.Wait(state, pollInterval);
  }

  private String createContainer(
      AccountCredentials account, MultiValueMap<String, String> params, StepContext context) {
    return JsonText.of(graph.post(account, context, "/{user}/threads", params), "id");
  }

  private static MultiValueMap<String, String> textParams(PublishRequest request) {
    MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
    params.add("media_type", "TEXT");
    Object link = request.options().get("link_attachment");
    if (link != null) {
      params.add("link_attachment", String.valueOf(link));
    }
    return params;
  }

  private static MultiValueMap<String, String> mediaParams(MediaAttachment media) {
    MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
    if (isVideo(media)) {
      params.add("media_type", "VIDEO");
      params.add("video_url", media.url());
    } else {
      params.add("media_type", "IMAGE");
      params.add("image_url", media.url());
    }
    return params;
  }

  private static MultiValueMap<String, String> withText(
      MultiValueMap<String, String> params, PublishRequest request) {
    if (request.text() != null && !request.text().isBlank()) {
      params.add("text", request.text());
    }
    Object replyTo = request.options().get("reply_to_id");
    if (replyTo != null) {
      params.add("reply_to_id", String.valueOf(replyTo));
    }
    return params;
  }

  private List<JsonNode> recent(AccountCredentials account, Long since) {
    String path = "/{user}/threads?fields=id,text,timestamp,permalink,is_reply&limit={limit}";
    JsonNode data =
        since == null
            ? graph
                .get(
                    account, StepContext.none(), path, account.platformAccountId(), recentPostLimit)
                .path("data")
            : graph
                .get(
                    account,
                    StepContext.none(),
                    path + "&since={since}",
                    account.platformAccountId(),
                    recentPostLimit,
                    since)
                .path("data");
    List<JsonNode> threads = new ArrayList<>();
    data.forEach(threads::add);
    return threads;
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

package dev.omnipost.connectors.threads;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
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
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes to Threads through its Graph-style API: a media container ({@code TEXT}, {@code IMAGE}
 * or {@code VIDEO}; several media become carousel items and a {@code CAROUSEL} container), polled
 * until {@code FINISHED}, then {@code threads_publish}, then the permalink. Media must be at public
 * URLs (Threads fetches them). The user id is {@link AccountCredentials#platformAccountId()}.
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

  /** Replies to the user's recent threads, oldest first. */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode thread : recent(account, null)) {
      String threadId = JsonText.of(thread, "id");
      JsonNode replies =
          graph
              .get(
                  account,
                  StepContext.none(),
                  "/{id}/replies?fields=id,text,username,timestamp,replied_to",
                  threadId)
              .path("data");
      for (JsonNode reply : replies) {
        comments.add(
            new PlatformComment(
                JsonText.of(reply, "id"),
                threadId,
                JsonText.of(reply.path("replied_to"), "id"),
                null,
                JsonText.of(reply, "username"),
                JsonText.of(reply, "text"),
                parseTime(JsonText.of(reply, "timestamp"))));
      }
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
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
    String path = "/{user}/threads?fields=id,text,timestamp,permalink&limit={limit}";
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

package dev.omnipost.connectors.instagram;

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
import dev.omnipost.connectors.http.PlatformHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes to Instagram through the Graph API's content publishing flow: create a container per
 * media (children plus a CAROUSEL parent for several), wait until Instagram has fetched and
 * processed it ({@code status_code} FINISHED), publish it, then read its permalink. The token
 * travels as {@code Authorization: Bearer}, never in URLs that end up in logs.
 */
public final class InstagramConnector implements PlatformConnector {

  /** Graph writes times as {@code 2017-05-04T17:15:50+0000}. */
  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private static final String COMMENT_FIELDS = "id,text,username,timestamp,from";

  private final RestClient client;
  private final PlatformHttp http;
  private final String graphUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int recentMediaLimit;
  private final Clock clock;

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
        new PlatformHttp(Platform.INSTAGRAM, new GraphErrorTranslator(Platform.INSTAGRAM, clock));
    this.graphUrl =
        graphUrl.endsWith("/") ? graphUrl.substring(0, graphUrl.length() - 1) : graphUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.recentMediaLimit = recentMediaLimit;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    List<MediaAttachment> media = request.media();
    if (media.isEmpty()) {
      throw new PermanentPlatformException(
          Platform.INSTAGRAM, 0, "Instagram posts need an image or a video", null);
    }
    String containerId;
    if (media.size() == 1) {
      MultiValueMap<String, String> params = mediaParams(media.get(0), false);
      addCaption(params, request.text());
      containerId = createContainer(account, params);
      awaitFinished(account, containerId);
    } else {
      List<String> children = new ArrayList<>();
      for (MediaAttachment item : media) {
        children.add(createContainer(account, mediaParams(item, true)));
      }
      for (String child : children) {
        awaitFinished(account, child);
      }
      MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
      params.add("media_type", "CAROUSEL");
      params.add("children", String.join(",", children));
      addCaption(params, request.text());
      containerId = createContainer(account, params);
      awaitFinished(account, containerId);
    }
    MultiValueMap<String, String> publish = new LinkedMultiValueMap<>();
    publish.add("creation_id", containerId);
    String mediaId = JsonText.of(post(account, "/{user}/media_publish", publish), "id");
    JsonNode published = get(account, "/{id}?fields=permalink", mediaId);
    return new PublishedPost(mediaId, JsonText.of(published, "permalink"));
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

  /** Polls the container until FINISHED; ERROR and EXPIRED are final, with Graph's reason. */
  private void awaitFinished(AccountCredentials account, String containerId) {
    Instant deadline = clock.instant().plus(processingTimeout);
    while (true) {
      JsonNode container = get(account, "/{id}?fields=status_code,status", containerId);
      String statusCode = JsonText.of(container, "status_code");
      if ("FINISHED".equals(statusCode)) {
        return;
      }
      if ("ERROR".equals(statusCode) || "EXPIRED".equals(statusCode)) {
        String reason = JsonText.of(container, "status");
        throw new PermanentPlatformException(
            Platform.INSTAGRAM,
            0,
            "Instagram could not process the media: " + (reason != null ? reason : statusCode),
            null);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new TransientPlatformException(
            Platform.INSTAGRAM,
            0,
            "Instagram is still processing container "
                + containerId
                + " after "
                + processingTimeout,
            null,
            null);
      }
      pause();
    }
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

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientPlatformException(
          Platform.INSTAGRAM, 0, "interrupted while waiting for Instagram", null, e);
    }
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

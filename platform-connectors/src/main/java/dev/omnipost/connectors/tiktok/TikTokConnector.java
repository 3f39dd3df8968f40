package dev.omnipost.connectors.tiktok;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.http.PlatformResponse;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes through TikTok's Content Posting API (Direct Post): one video, by file upload (the
 * default: TikTok needs no public URL) or pulled from its URL ({@code platform_options.video_source
 * = PULL_FROM_URL}; TikTok only pulls from domains the app verified), or 1-35 photos (always pulled
 * from their URLs). {@code platform_options.privacy_level} is required and checked against the
 * creator's {@code privacy_level_options} first, as TikTok requires. A video's title is the post's
 * text; a photo post's text is its description ({@code platform_options.title} its title).
 */
public final class TikTokConnector implements PlatformConnector {

  /** The attempt marker of the video or photo init (what creates the publish). */
  static final String CREATE_PUBLISH = "tiktok.publish";

  /** TikTok takes chunks of 5-64 MB; a video under 5 MB goes as one chunk. */
  public static final long DEFAULT_CHUNK_SIZE = 10L * 1024 * 1024;

  static final long MIN_CHUNK_SIZE = 5L * 1024 * 1024;

  private static final String PUBLISH_ID = "publish_id";
  private static final String UPLOAD_URL = "upload_url";
  private static final String VIDEO_SIZE = "video_size";
  private static final String UPLOADED = "uploaded";
  private static final String SOURCE_FILE = "FILE_UPLOAD";
  private static final String SOURCE_PULL = "PULL_FROM_URL";
  private static final int RECENT_VIDEOS = 20;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final List<String> FLAGS =
      List.of(
          "disable_comment",
          "disable_duet",
          "disable_stitch",
          "brand_content_toggle",
          "brand_organic_toggle",
          "is_aigc",
          "auto_add_music");

  private final RestClient client;
  private final PlatformHttp http;
  private final TikTokErrorTranslator errors;
  private final String apiUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final long chunkSize;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://open.tiktokapis.com}
   */
  public TikTokConnector(
      RestClient client, String apiUrl, Duration pollInterval, Duration processingTimeout) {
    this(client, apiUrl, pollInterval, processingTimeout, DEFAULT_CHUNK_SIZE, Clock.systemUTC());
  }

  TikTokConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      long chunkSize,
      Clock clock) {
    if (chunkSize < MIN_CHUNK_SIZE) {
      throw new IllegalArgumentException("TikTok chunks are at least 5 MB");
    }
    this.client = client;
    this.errors = new TikTokErrorTranslator(clock);
    this.http = new PlatformHttp(Platform.TIKTOK, errors);
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.chunkSize = chunkSize;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.TIKTOK;
  }

  /** The init endpoints allow 6 calls per minute per user token. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(6, Duration.ofMinutes(1));
  }

  /**
   * Init (after the creator-info check; {@code publish_id}), for a file upload every chunk as one
   * step ({@code uploaded}; chunks are PUT by byte range, so a repeated step resends the same
   * bytes), then the publish status as waits until {@code PUBLISH_COMPLETE} or {@code FAILED}.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    Kind kind = kind(request);
    if (kind == null) {
      return new PublishStep.Rejected(
          "platform_rejected", "TikTok posts are one video or 1-35 photos, nothing else");
    }
    String publishId = state.text(PUBLISH_ID);
    if (publishId == null) {
      return init(account, request, kind, state, context);
    }
    if (state.has(UPLOAD_URL) && !state.has(UPLOADED)) {
      MediaAttachment video = request.media().get(0);
      byte[] bytes = http.download(client, video.url()).bytes();
      if (bytes.length != Long.parseLong(state.text(VIDEO_SIZE))) {
        // The file changed since the init: an init never uploaded to publishes nothing.
        return PublishStep.Wait.now(StepState.empty());
      }
      upload(URI.create(state.text(UPLOAD_URL)), bytes, video.contentType());
      return new PublishStep.Wait(state.with(UPLOADED, "true"), pollInterval);
    }
    JsonNode data =
        call(post(account, "/v2/post/publish/status/fetch/", Map.of(PUBLISH_ID, publishId)));
    String status = JsonText.of(data, "status");
    if ("PUBLISH_COMPLETE".equals(status) || "SEND_TO_USER_INBOX".equals(status)) {
      JsonNode ids = data.path("publicaly_available_post_id");
      if (ids.isArray() && !ids.isEmpty()) {
        String id = ids.get(0).asString();
        return new PublishStep.Done(id, permalink(account, id));
      }
      // Not public (or still in moderation): TikTok gives no post id, only the publish.
      return new PublishStep.Done(publishId, null);
    }
    if ("FAILED".equals(status)) {
      String reason = JsonText.of(data, "fail_reason");
      return new PublishStep.Rejected(
          "platform_rejected",
          "TikTok could not publish the post: " + (reason == null ? "unknown reason" : reason));
    }
    return new PublishStep.Wait(state, pollInterval);
  }

  /**
   * An init whose answer was lost for a file upload published nothing (TikTok waits for bytes that
   * never come). A pulled video or photos may be published: they are looked for among the creator's
   * public posts by text and time; a non-public post cannot be listed.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_PUBLISH.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Kind kind = kind(request);
    if (kind == Kind.VIDEO && !pull(request)) {
      return PostLookup.notCreated();
    }
    if (!"PUBLIC_TO_EVERYONE".equals(privacyLevel(request))) {
      return new PostLookup.Unknown(
          "TikTok lists only public posts; look at the creator's profile for this post");
    }
    long since = attempt.at().minus(CLOCK_SKEW).getEpochSecond();
    String text = request.text() == null ? "" : request.text().trim();
    JsonNode videos =
        call(post(
                account,
                "/v2/video/list/?fields=id,title,video_description,create_time,share_url",
                Map.of("max_count", RECENT_VIDEOS)))
            .path("videos");
    for (JsonNode video : videos) {
      if (video.path("create_time").asLong(0) < since) {
        continue;
      }
      String title = JsonText.of(video, "title");
      String description = JsonText.of(video, "video_description");
      if (text.equals(title == null ? "" : title.trim())
          || text.equals(description == null ? "" : description.trim())) {
        String id = JsonText.of(video, "id");
        String shareUrl = JsonText.of(video, "share_url");
        return new PostLookup.Found(id, shareUrl != null ? shareUrl : permalink(account, id));
      }
    }
    return new PostLookup.Unknown(
        "TikTok pulls media asynchronously and moderates public posts; no matching post yet");
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    return new DeleteResult.Unsupported("TikTok's API cannot delete posts");
  }

  /** Views, likes, comments and shares from the Display API's video query (public posts). */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode videos =
        call(post(
                account,
                "/v2/video/query/?fields=id,like_count,comment_count,share_count,view_count",
                Map.of("filters", Map.of("video_ids", List.of(platformPostId)))))
            .path("videos");
    if (videos.isEmpty()) {
      return new MetricsResult.Unsupported(
          "TikTok reports counters only for the creator's public posts; "
              + platformPostId
              + " is not one");
    }
    JsonNode video = videos.get(0);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("views", video.path("view_count").asLong(0));
    counters.put("likes", video.path("like_count").asLong(0));
    counters.put("comments", video.path("comment_count").asLong(0));
    counters.put("shares", video.path("share_count").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  private PublishStep init(
      AccountCredentials account,
      PublishRequest request,
      Kind kind,
      StepState state,
      StepContext context) {
    String privacy = privacyLevel(request);
    if (privacy == null) {
      return new PublishStep.Rejected(
          "platform_rejected",
          "TikTok needs platform_options.privacy_level (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS,"
              + " FOLLOWER_OF_CREATOR or SELF_ONLY)");
    }
    JsonNode creator = call(post(account, "/v2/post/publish/creator_info/query/", Map.of()));
    List<String> allowed = new ArrayList<>();
    creator.path("privacy_level_options").forEach(o -> allowed.add(o.asString()));
    if (!allowed.contains(privacy)) {
      return new PublishStep.Rejected(
          "platform_rejected",
          "TikTok creator "
              + JsonText.of(creator, "creator_username")
              + " can post with privacy_level "
              + String.join(", ", allowed)
              + ", not "
              + privacy);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("privacy_level", privacy);
    for (String flag : FLAGS) {
      Object value = request.options().get(flag);
      if (value != null) {
        info.put(flag, Boolean.parseBoolean(String.valueOf(value)));
      }
    }
    // The creator's settings win over the post's: TikTok greys such options out.
    if (creator.path("comment_disabled").asBoolean(false)) {
      info.put("disable_comment", true);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("post_info", info);
    Map<String, Object> source = new LinkedHashMap<>();
    body.put("source_info", source);
    String path;
    StepState next = state;
    if (kind == Kind.PHOTOS) {
      path = "/v2/post/publish/content/init/";
      if (option(request, "title") != null) {
        info.put("title", option(request, "title"));
      }
      if (request.text() != null && !request.text().isBlank()) {
        info.put("description", request.text());
      }
      source.put("source", SOURCE_PULL);
      source.put("photo_images", request.media().stream().map(MediaAttachment::url).toList());
      source.put("photo_cover_index", intOption(request, "photo_cover_index", 0));
      body.put("post_mode", "DIRECT_POST");
      body.put("media_type", "PHOTO");
    } else {
      path = "/v2/post/publish/video/init/";
      if (request.text() != null && !request.text().isBlank()) {
        info.put("title", request.text());
      }
      if (request.options().get("video_cover_timestamp_ms") != null) {
        info.put("video_cover_timestamp_ms", intOption(request, "video_cover_timestamp_ms", 0));
      }
      MediaAttachment video = request.media().get(0);
      if (pull(request)) {
        source.put("source", SOURCE_PULL);
        source.put("video_url", video.url());
      } else {
        long size =
            video.sizeBytes() > 0
                ? video.sizeBytes()
                : http.download(client, video.url()).bytes().length;
        long chunk = size < MIN_CHUNK_SIZE ? size : Math.min(chunkSize, size);
        source.put("source", SOURCE_FILE);
        source.put("video_size", size);
        source.put("chunk_size", chunk);
        source.put("total_chunk_count", size / chunk);
        next = next.with(VIDEO_SIZE, String.valueOf(size));
      }
    }
    context.beforeCreate(CREATE_PUBLISH);
    JsonNode data = call(post(account, path, body));
    next = next.with(PUBLISH_ID, JsonText.of(data, PUBLISH_ID));
    String uploadUrl = JsonText.of(data, UPLOAD_URL);
    if (uploadUrl != null) {
      return PublishStep.Wait.now(next.with(UPLOAD_URL, uploadUrl));
    }
    return new PublishStep.Wait(next, pollInterval);
  }

  /** PUTs the chunks TikTok's init agreed on: all full chunks, the last one taking the rest. */
  private void upload(URI uploadUrl, byte[] bytes, String contentType) {
    long size = bytes.length;
    long chunk = size < MIN_CHUNK_SIZE ? size : Math.min(chunkSize, size);
    long count = size / chunk;
    MediaType type =
        contentType != null && contentType.startsWith("video/")
            ? MediaType.parseMediaType(contentType)
            : MediaType.parseMediaType("video/mp4");
    for (long index = 0; index < count; index++) {
      long first = index * chunk;
      long end = index == count - 1 ? size : first + chunk;
      byte[] part = Arrays.copyOfRange(bytes, (int) first, (int) end);
      String range = "bytes " + first + "-" + (end - 1) + "/" + size;
      http.call(
          client.put().uri(uploadUrl).contentType(type).header("Content-Range", range).body(part));
    }
  }

  private RestClient.RequestHeadersSpec<?> post(
      AccountCredentials account, String path, Object body) {
    return client
        .post()
        .uri(URI.create(apiUrl + path))
        .headers(h -> h.setBearerAuth(account.accessToken()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }

  /** The answer's {@code data}; an {@code error} whose code is not {@code ok} is thrown. */
  private JsonNode call(RestClient.RequestHeadersSpec<?> request) {
    PlatformResponse response = http.call(request);
    JsonNode error = response.body().path("error");
    String code = JsonText.of(error, "code");
    if (code != null && !code.equals("ok")) {
      throw errors.translate(response.status(), response.headers(), error);
    }
    return response.body().path("data");
  }

  private static Kind kind(PublishRequest request) {
    List<MediaAttachment> media = request.media();
    if (media.size() == 1 && isVideo(media.get(0))) {
      return Kind.VIDEO;
    }
    if (!media.isEmpty()
        && media.size() <= 35
        && media.stream().noneMatch(TikTokConnector::isVideo)) {
      return Kind.PHOTOS;
    }
    return null;
  }

  private static boolean pull(PublishRequest request) {
    return SOURCE_PULL.equalsIgnoreCase(String.valueOf(request.options().get("video_source")));
  }

  private static String option(PublishRequest request, String name) {
    Object value = request.options().get(name);
    return value == null ? null : String.valueOf(value).trim();
  }

  private static String privacyLevel(PublishRequest request) {
    String value = option(request, "privacy_level");
    return value == null || value.isBlank() ? null : value.toUpperCase(Locale.ROOT);
  }

  private static int intOption(PublishRequest request, String name, int fallback) {
    Object value = request.options().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new PermanentPlatformException(
          Platform.TIKTOK, 0, "platform_options." + name + " must be a whole number", e);
    }
  }

  private static String permalink(AccountCredentials account, String id) {
    String handle = account.handle() == null ? "" : account.handle().replaceFirst("^@", "");
    return "https://www.tiktok.com/@" + handle + "/video/" + id;
  }

  private static boolean isVideo(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("video/");
    }
    String path = media.url().toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
    return path.endsWith(".mp4") || path.endsWith(".mov") || path.endsWith(".webm");
  }

  private enum Kind {
    VIDEO,
    PHOTOS
  }
}

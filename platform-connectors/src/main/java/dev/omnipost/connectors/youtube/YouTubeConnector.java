package dev.omnipost.connectors.youtube;

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
import dev.omnipost.connectors.http.PlatformResponse;
import dev.omnipost.connectors.inbox.InboxOperation;
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
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Uploads videos through the YouTube Data API v3 resumable protocol: a session ({@code POST
 * /upload/youtube/v3/videos?uploadType=resumable} with the snippet and status → {@code Location}),
 * the bytes as {@code PUT} chunks (each answered 308 with the {@code Range} YouTube holds, the last
 * with the video), then {@code videos.list?part=processingDetails,status} until processing
 * succeeded. {@code platform_options.title} is required (≤ 100 characters), {@code privacy_status}
 * is {@code public} (default), {@code unlisted} or {@code private}; the post's text is the
 * description. YouTube takes video only: text or image posts are rejected.
 */
public final class YouTubeConnector implements PlatformConnector {

  /** The attempt marker of the upload's bytes (the last chunk creates the video). */
  static final String CREATE_VIDEO = "youtube.video";

  /** Chunks must be multiples of 256 KiB. */
  public static final int CHUNK_GRANULARITY = 256 * 1024;

  public static final int DEFAULT_CHUNK_SIZE = 32 * CHUNK_GRANULARITY;

  private static final String UPLOAD_URL = "upload_url";
  private static final String VIDEO_ID = "video_id";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");
  private static final int TITLE_LIMIT = 100;
  private static final int RECENT_VIDEOS = 25;
  private static final int RECENT_COMMENTS = 100;
  private static final Set<InboxOperation> INBOX_OPERATIONS =
      Set.of(
          InboxOperation.LIST_COMMENTS,
          InboxOperation.REPLY_TO_COMMENT,
          InboxOperation.HIDE_COMMENT,
          InboxOperation.DELETE_COMMENT);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final RestClient client;
  private final RestClient uploads;
  private final PlatformHttp http;
  private final String apiUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int chunkSize;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://www.googleapis.com}
   * @param httpTimeout for the upload calls, which use their own client: a 308 there is YouTube's
   *     "resume incomplete", never a redirect to follow
   */
  public YouTubeConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      Duration httpTimeout) {
    this(
        client,
        apiUrl,
        pollInterval,
        processingTimeout,
        httpTimeout,
        DEFAULT_CHUNK_SIZE,
        Clock.systemUTC());
  }

  YouTubeConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      Duration httpTimeout,
      int chunkSize,
      Clock clock) {
    if (chunkSize < CHUNK_GRANULARITY || chunkSize % CHUNK_GRANULARITY != 0) {
      throw new IllegalArgumentException("YouTube chunks are multiples of 256 KiB");
    }
    this.client = client;
    this.uploads = noRedirects(httpTimeout);
    this.http = new PlatformHttp(Platform.YOUTUBE, new YouTubeErrorTranslator(clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.chunkSize = chunkSize;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.YOUTUBE;
  }

  /**
   * 10,000 quota units a day, an upload costing 1,600 and each read 1: about six uploads and their
   * polls, so 100 steps a day; {@code quotaExceeded} itself waits until midnight Pacific.
   */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(100, Duration.ofDays(1));
  }

  /**
   * Session ({@code upload_url}; a session without bytes makes no video), the bytes in one step
   * that first asks the session how far it got (so a step cut off mid-upload resumes where YouTube
   * stopped; {@code video_id}), then processing as waits.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    if (request.media().size() != 1 || !isVideo(request.media().get(0))) {
      return new PublishStep.Rejected(
          "platform_rejected", "YouTube takes exactly one video per post, nothing else");
    }
    String videoId = state.text(VIDEO_ID);
    if (videoId != null) {
      return processing(account, videoId, state);
    }
    String uploadUrl = state.text(UPLOAD_URL);
    if (uploadUrl == null) {
      String invalid = invalidOptions(request);
      if (invalid != null) {
        return new PublishStep.Rejected("platform_rejected", invalid);
      }
      return PublishStep.Wait.now(state.with(UPLOAD_URL, startSession(account, request)));
    }
    context.beforeCreate(CREATE_VIDEO);
    MediaAttachment video = request.media().get(0);
    byte[] bytes = http.download(client, video.url()).bytes();
    UploadProgress progress = askProgress(URI.create(uploadUrl), bytes.length);
    if (progress.gone()) {
      return PublishStep.Wait.now(state.without(UPLOAD_URL));
    }
    String id =
        progress.videoId() != null
            ? progress.videoId()
            : uploadFrom(URI.create(uploadUrl), bytes, progress.received(), video.contentType());
    return new PublishStep.Wait(state.with(VIDEO_ID, id), pollInterval);
  }

  /**
   * A lost upload step is asked of its session: complete → the video; incomplete → not created (the
   * next step resumes it). A session YouTube no longer knows is searched for among the channel's
   * newest videos by title and time.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_VIDEO.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    if (state.has(VIDEO_ID)) {
      return new PostLookup.Found(state.text(VIDEO_ID), permalink(state.text(VIDEO_ID)));
    }
    String uploadUrl = state.text(UPLOAD_URL);
    if (uploadUrl == null) {
      return PostLookup.notCreated();
    }
    long size = request.media().get(0).sizeBytes();
    if (size <= 0) {
      size = http.download(client, request.media().get(0).url()).bytes().length;
    }
    UploadProgress progress = askProgress(URI.create(uploadUrl), size);
    if (progress.videoId() != null) {
      return new PostLookup.Found(progress.videoId(), permalink(progress.videoId()));
    }
    if (!progress.gone()) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    String title = title(request);
    JsonNode items =
        get(
                account,
                "/youtube/v3/search?part=snippet&forMine=true&type=video&order=date&maxResults={n}",
                RECENT_VIDEOS)
            .path("items");
    for (JsonNode item : items) {
      Instant published = parseTime(JsonText.of(item.path("snippet"), "publishedAt"));
      if (published != null
          && !published.isBefore(since)
          && title.equals(JsonText.of(item.path("snippet"), "title"))) {
        String id = JsonText.of(item.path("id"), "videoId");
        return new PostLookup.Found(id, permalink(id));
      }
    }
    return new PostLookup.Unknown(
        "the upload session has expired and no video of the channel since the attempt has this"
            + " title; YouTube's search may lag behind");
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      http.call(
          client
              .delete()
              .uri(apiUrl + "/youtube/v3/videos?id={id}", platformPostId)
              .headers(h -> h.setBearerAuth(account.accessToken())));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /** {@code statistics}: views, likes and comments (YouTube writes them as strings). */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode items =
        get(account, "/youtube/v3/videos?part=statistics&id={id}", platformPostId).path("items");
    if (items.isEmpty()) {
      throw new PermanentPlatformException(
          Platform.YOUTUBE, 404, "YouTube has no video " + platformPostId, null);
    }
    JsonNode statistics = items.get(0).path("statistics");
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("views", number(statistics, "viewCount"));
    counters.put("likes", number(statistics, "likeCount"));
    counters.put("comments", number(statistics, "commentCount"));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /** Top-level comments on all of the channel's videos ({@code allThreadsRelatedToChannelId}). */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    JsonNode items =
        get(
                account,
                "/youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId={channel}"
                    + "&order=time&maxResults={n}",
                account.platformAccountId(),
                RECENT_COMMENTS)
            .path("items");
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode thread : items) {
      JsonNode top = thread.path("snippet").path("topLevelComment");
      JsonNode snippet = top.path("snippet");
      String text = JsonText.of(snippet, "textOriginal");
      comments.add(
          new PlatformComment(
              JsonText.of(top, "id"),
              JsonText.of(snippet, "videoId"),
              null,
              JsonText.of(snippet.path("authorChannelId"), "value"),
              JsonText.of(snippet, "authorDisplayName"),
              text != null ? text : JsonText.of(snippet, "textDisplay"),
              parseTime(JsonText.of(snippet, "publishedAt"))));
    }
    Collections.reverse(comments);
    return comments;
  }

  /**
   * Comments on the channel's videos: listed, answered, held for review (hidden) and deleted.
   * YouTube's API has no likes for comments.
   */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return INBOX_OPERATIONS;
  }

  /**
   * {@code comments.insert?part=snippet} {@code {snippet: {parentId, textOriginal}}} → the reply's
   * id.
   */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    Map<String, Object> body =
        Map.of("snippet", Map.of("parentId", platformCommentId, "textOriginal", text));
    JsonNode reply =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/youtube/v3/comments?part=snippet")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body))
            .body();
    return JsonText.of(reply, "id");
  }

  /**
   * Hidden is YouTube's {@code heldForReview} (off the video until the channel publishes it again),
   * shown again {@code published}: {@code comments.setModerationStatus}.
   */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    moderate(account, platformCommentId, hidden ? "heldForReview" : "published");
  }

  /**
   * {@code comments.delete} for the channel's own comments; YouTube lets only a comment's author
   * delete it, so a viewer's comment is {@code rejected} instead (removed from the video). A
   * comment YouTube no longer has is already deleted.
   */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    try {
      http.call(
          client
              .delete()
              .uri(apiUrl + "/youtube/v3/comments?id={id}", platformCommentId)
              .headers(h -> h.setBearerAuth(account.accessToken())));
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return;
      }
      if (e.httpStatus() != 403) {
        throw e;
      }
      moderate(account, platformCommentId, "rejected");
    }
  }

  private void moderate(AccountCredentials account, String commentId, String status) {
    http.call(
        client
            .post()
            .uri(
                apiUrl + "/youtube/v3/comments/setModerationStatus?id={id}&moderationStatus={s}",
                commentId,
                status)
            .headers(h -> h.setBearerAuth(account.accessToken())));
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /** What is wrong with the post's title or privacy status, or null. */
  private static String invalidOptions(PublishRequest request) {
    String title = title(request);
    if (title.isEmpty()) {
      return "YouTube needs platform_options.title";
    }
    if (title.codePointCount(0, title.length()) > TITLE_LIMIT) {
      return "YouTube titles are at most 100 characters";
    }
    if (!PRIVACY.contains(privacy(request))) {
      return "platform_options.privacy_status must be public, unlisted or private";
    }
    return null;
  }

  private static String title(PublishRequest request) {
    Object option = request.options().get("title");
    return option == null ? "" : String.valueOf(option).trim();
  }

  private static String privacy(PublishRequest request) {
    Object option = request.options().get("privacy_status");
    return option == null ? "public" : String.valueOf(option).trim().toLowerCase(Locale.ROOT);
  }

  private String startSession(AccountCredentials account, PublishRequest request) {
    String title = title(request);
    String privacy = privacy(request);
    Map<String, Object> snippet = new LinkedHashMap<>();
    snippet.put("title", title);
    snippet.put("description", request.text() == null ? "" : request.text());
    List<String> tags = tags(request.options().get("tags"));
    if (!tags.isEmpty()) {
      snippet.put("tags", tags);
    }
    if (request.options().get("category_id") != null) {
      snippet.put("categoryId", String.valueOf(request.options().get("category_id")));
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("privacyStatus", privacy);
    if (request.options().get("made_for_kids") != null) {
      status.put(
          "selfDeclaredMadeForKids",
          Boolean.parseBoolean(String.valueOf(request.options().get("made_for_kids"))));
    }
    MediaAttachment video = request.media().get(0);
    PlatformResponse response =
        http.call(
            client
                .post()
                .uri(
                    URI.create(
                        apiUrl
                            + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status"))
                .headers(
                    h -> {
                      h.setBearerAuth(account.accessToken());
                      if (video.sizeBytes() > 0) {
                        h.set("X-Upload-Content-Length", String.valueOf(video.sizeBytes()));
                      }
                      h.set(
                          "X-Upload-Content-Type",
                          video.contentType() != null ? video.contentType() : "video/*");
                    })
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("snippet", snippet, "status", status)));
    String location = response.headers().getFirst(HttpHeaders.LOCATION);
    if (location == null || location.isBlank()) {
      throw new dev.omnipost.connectors.TransientPlatformException(
          Platform.YOUTUBE, response.status(), "YouTube opened no upload session", null, null);
    }
    return location;
  }

  /**
   * {@code PUT} with {@code Content-Range: bytes *}{@code /N}: how many bytes the session holds.
   */
  private UploadProgress askProgress(URI session, long size) {
    try {
      PlatformResponse response =
          http.call(
              uploads
                  .put()
                  .uri(session)
                  .header("Content-Range", "bytes */" + size)
                  .body(new byte[0]));
      return progressOf(response);
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404 || e.httpStatus() == 410) {
        return new UploadProgress(0, null, true);
      }
      throw e;
    }
  }

  /** Sends the bytes from {@code offset} in chunks; each 308 says where to go on. */
  private String uploadFrom(URI session, byte[] bytes, long offset, String contentType) {
    MediaType type =
        contentType != null && contentType.startsWith("video/")
            ? MediaType.parseMediaType(contentType)
            : MediaType.APPLICATION_OCTET_STREAM;
    long next = offset;
    while (true) {
      int end = (int) Math.min(bytes.length, next + chunkSize);
      byte[] chunk = Arrays.copyOfRange(bytes, (int) next, end);
      PlatformResponse response =
          http.call(
              uploads
                  .put()
                  .uri(session)
                  .contentType(type)
                  .header("Content-Range", "bytes " + next + "-" + (end - 1) + "/" + bytes.length)
                  .body(chunk));
      UploadProgress progress = progressOf(response);
      if (progress.videoId() != null) {
        return progress.videoId();
      }
      if (progress.received() <= next && end < bytes.length) {
        throw new dev.omnipost.connectors.TransientPlatformException(
            Platform.YOUTUBE, 308, "YouTube took none of the chunk at byte " + next, null, null);
      }
      next = progress.received();
      if (next >= bytes.length) {
        throw new dev.omnipost.connectors.TransientPlatformException(
            Platform.YOUTUBE, 308, "YouTube holds every byte but answered no video", null, null);
      }
    }
  }

  private static UploadProgress progressOf(PlatformResponse response) {
    if (response.status() == 308) {
      String range = response.headers().getFirst(HttpHeaders.RANGE);
      Matcher matcher = range == null ? null : RANGE.matcher(range.trim());
      long received =
          matcher != null && matcher.matches() ? Long.parseLong(matcher.group(2)) + 1 : 0;
      return new UploadProgress(received, null, false);
    }
    String id = JsonText.of(response.body(), "id");
    if (id == null) {
      throw new dev.omnipost.connectors.TransientPlatformException(
          Platform.YOUTUBE,
          response.status(),
          "YouTube's upload answer holds no video id",
          null,
          null);
    }
    return new UploadProgress(-1, id, false);
  }

  private PublishStep processing(AccountCredentials account, String videoId, StepState state) {
    JsonNode items =
        get(account, "/youtube/v3/videos?part=processingDetails,status&id={id}", videoId)
            .path("items");
    if (items.isEmpty()) {
      return new PublishStep.Rejected(
          "platform_rejected", "YouTube no longer has the uploaded video " + videoId);
    }
    JsonNode video = items.get(0);
    String upload = JsonText.of(video.path("status"), "uploadStatus");
    String processing = JsonText.of(video.path("processingDetails"), "processingStatus");
    if ("failed".equals(upload) || "rejected".equals(upload) || "deleted".equals(upload)) {
      String reason = JsonText.of(video.path("status"), "failureReason");
      if (reason == null) {
        reason = JsonText.of(video.path("status"), "rejectionReason");
      }
      return new PublishStep.Rejected(
          "platform_rejected",
          "YouTube " + upload + " the video" + (reason == null ? "" : ": " + reason));
    }
    if ("failed".equals(processing) || "terminated".equals(processing)) {
      String reason = JsonText.of(video.path("processingDetails"), "processingFailureReason");
      return new PublishStep.Rejected(
          "platform_rejected",
          "YouTube could not process the video" + (reason == null ? "" : ": " + reason));
    }
    if ("processed".equals(upload) || "succeeded".equals(processing)) {
      return new PublishStep.Done(videoId, permalink(videoId));
    }
    return new PublishStep.Wait(state, pollInterval);
  }

  private JsonNode get(AccountCredentials account, String path, Object... variables) {
    return http.call(
            client
                .get()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken())))
        .body();
  }

  private static List<String> tags(Object option) {
    if (option == null) {
      return List.of();
    }
    if (option instanceof List<?> list) {
      return list.stream()
          .map(String::valueOf)
          .map(String::trim)
          .filter(t -> !t.isEmpty())
          .toList();
    }
    return Arrays.stream(String.valueOf(option).split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .toList();
  }

  private static long number(JsonNode node, String field) {
    String value = JsonText.of(node, field);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String permalink(String id) {
    return "https://www.youtube.com/watch?v=" + id;
  }

  private static boolean isVideo(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("video/");
    }
    String path = media.url().toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
    return path.endsWith(".mp4") || path.endsWith(".mov") || path.endsWith(".webm");
  }

  private static RestClient noRedirects(Duration timeout) {
    HttpClient httpClient =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient);
    factory.setReadTimeout(timeout);
    return RestClient.builder()
        .requestFactory(factory)
        .defaultHeader(HttpHeaders.USER_AGENT, "Omnipost")
        .build();
  }

  /** What a session holds: bytes received, or the finished video's id; {@code gone}: 404. */
  private record UploadProgress(long received, String videoId, boolean gone) {}
}

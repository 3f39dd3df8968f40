package dev.omnipost.connectors.pinterest;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes pins through the Pinterest API v5 on the board in {@code platform_options.board_id},
 * else the board stored in the account's {@code board_id} setting (chosen when it was connected).
 * An image goes by URL in the pin itself; a video is registered ({@code POST /v5/media}), uploaded
 * to the URL Pinterest gave, polled ({@code GET /v5/media/{id}}) until {@code succeeded}, then
 * pinned. The post's text is the pin's description; {@code title}, {@code link}, {@code alt_text}
 * and {@code cover_image_url} come from {@code platform_options}.
 */
public final class PinterestConnector implements PlatformConnector {

  /** The account setting holding the default board. */
  public static final String BOARD_ID = "board_id";

  /** The attempt marker of the pin create. */
  static final String CREATE_PIN = "pinterest.pin";

  private static final String MEDIA_ID = "media_id";
  private static final String MEDIA_READY = "media_ready";
  private static final int RECENT_PINS = 25;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final List<String> PIN_OPTIONS = List.of("title", "link", "alt_text");

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://api.pinterest.com/v5}
   */
  public PinterestConnector(
      RestClient client, String apiUrl, Duration pollInterval, Duration processingTimeout) {
    this(client, apiUrl, pollInterval, processingTimeout, Clock.systemUTC());
  }

  PinterestConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(Platform.PINTEREST, new PinterestErrorTranslator(clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.PINTEREST;
  }

  /** Standard access: 100 calls per second per user per app. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(100, Duration.ofSeconds(1));
  }

  /**
   * An image pin is one step. A video: register and upload ({@code media_id}; an interrupted step
   * leaves an unused upload, never a pin), poll until {@code succeeded} ({@code media_ready}), pin.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    if (request.media().isEmpty()) {
      return new PublishStep.Rejected(
          "platform_rejected", "Pinterest pins need an image or a video");
    }
    if (request.media().size() > 1) {
      return new PublishStep.Rejected(
          "platform_rejected", "Omnipost publishes one image or video per pin");
    }
    String board = board(account, request);
    MediaAttachment media = request.media().get(0);
    Map<String, Object> source = new LinkedHashMap<>();
    if (isVideo(media)) {
      String mediaId = state.text(MEDIA_ID);
      if (mediaId == null) {
        return new PublishStep.Wait(
            state.with(MEDIA_ID, uploadVideo(account, media)), pollInterval);
      }
      if (!state.has(MEDIA_READY)) {
        String status = JsonText.of(get(account, "/media/{id}", mediaId), "status");
        if ("succeeded".equals(status)) {
          return PublishStep.Wait.now(state.with(MEDIA_READY, "true"));
        }
        if ("failed".equals(status)) {
          return new PublishStep.Rejected(
              "platform_rejected", "Pinterest could not process the video " + mediaId);
        }
        return new PublishStep.Wait(state, pollInterval);
      }
      source.put("source_type", "video_id");
      source.put("media_id", mediaId);
      Object cover = request.options().get("cover_image_url");
      if (cover != null) {
        source.put("cover_image_url", String.valueOf(cover));
      } else {
        source.put("cover_image_key_frame_time", 0);
      }
    } else {
      source.put("source_type", "image_url");
      source.put("url", media.url());
    }
    Map<String, Object> pin = new LinkedHashMap<>();
    pin.put("board_id", board);
    if (request.text() != null && !request.text().isBlank()) {
      pin.put("description", request.text());
    }
    for (String option : PIN_OPTIONS) {
      Object value = request.options().get(option);
      if (value != null) {
        pin.put(option, String.valueOf(value));
      }
    }
    pin.put("media_source", source);
    context.beforeCreate(CREATE_PIN);
    JsonNode created =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/pins")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(pin))
            .body();
    String id = JsonText.of(created, "id");
    return new PublishStep.Done(id, permalink(id));
  }

  /**
   * A lost video upload never pins anything; a lost pin create is searched among the board's newest
   * pins by description, created no earlier than the attempt.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_PIN.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    String description = request.text() == null ? "" : request.text();
    JsonNode items =
        get(account, "/boards/{board}/pins?page_size={size}", board(account, request), RECENT_PINS)
            .path("items");
    boolean reachesBack = items.size() < RECENT_PINS;
    for (JsonNode pin : items) {
      Instant created = parseTime(JsonText.of(pin, "created_at"));
      if (created != null && created.isBefore(since)) {
        reachesBack = true;
        continue;
      }
      String pinDescription = JsonText.of(pin, "description");
      if (description.equals(pinDescription == null ? "" : pinDescription)) {
        String id = JsonText.of(pin, "id");
        return new PostLookup.Found(id, permalink(id));
      }
    }
    return reachesBack
        ? PostLookup.notCreated()
        : new PostLookup.Unknown(
            "the board has more than "
                + RECENT_PINS
                + " pins since the attempt; Omnipost cannot tell whether one was this post");
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      http.call(
          client
              .delete()
              .uri(apiUrl + "/pins/{id}", platformPostId)
              .headers(h -> h.setBearerAuth(account.accessToken())));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /** The pin's lifetime impressions and saves (its shares), from the last 90 days' analytics. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    JsonNode lifetime =
        get(
                account,
                "/pins/{id}/analytics?start_date={start}&end_date={end}&metric_types={types}",
                platformPostId,
                today.minusDays(89).toString(),
                today.toString(),
                "IMPRESSION,SAVE")
            .path("all")
            .path("lifetime_metrics");
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("impressions", lifetime.path("IMPRESSION").asLong(0));
    counters.put("shares", lifetime.path("SAVE").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /** Registers a video and uploads it to the URL Pinterest gave, with its upload parameters. */
  private String uploadVideo(AccountCredentials account, MediaAttachment media) {
    JsonNode registered =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/media")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("media_type", "video")))
            .body();
    PlatformHttp.Download file = http.download(client, media.url());
    MultipartBodyBuilder form = new MultipartBodyBuilder();
    registered
        .path("upload_parameters")
        .properties()
        .forEach(p -> form.part(p.getKey(), p.getValue().asString()));
    form.part("file", new ByteArrayResource(file.bytes()))
        .filename("video.mp4")
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    http.call(
        client
            .post()
            .uri(URI.create(JsonText.of(registered, "upload_url")))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form.build()));
    return JsonText.of(registered, "media_id");
  }

  private JsonNode get(AccountCredentials account, String path, Object... variables) {
    return http.call(client.get().uri(apiUrl + path, variables).headers(h -> authorize(h, account)))
        .body();
  }

  private static void authorize(HttpHeaders headers, AccountCredentials account) {
    headers.setBearerAuth(account.accessToken());
  }

  private static String board(AccountCredentials account, PublishRequest request) {
    Object option = request.options().get(BOARD_ID);
    String board = option != null ? String.valueOf(option) : account.setting(BOARD_ID);
    if (board == null || board.isBlank()) {
      throw new PermanentPlatformException(
          Platform.PINTEREST,
          0,
          "Pinterest needs a board: set platform_options.board_id, or choose a default board"
              + " when connecting the account",
          null);
    }
    return board.trim();
  }

  private static String permalink(String id) {
    return "https://www.pinterest.com/pin/" + id + "/";
  }

  /** Pinterest writes times without an offset, in UTC. */
  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
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

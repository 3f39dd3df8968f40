package dev.omnipost.connectors.x;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The media steps of an X publish: an image or GIF is one {@code POST /2/media/upload}; a video is
 * the chunked upload, one step each for {@code initialize}, all {@code append}s, {@code finalize},
 * then {@code STATUS} polled as a {@code Wait} of X's {@code check_after_secs}. State: {@code
 * media_ids} (ready), {@code media_pending} / {@code media_stage} (the one in flight).
 */
final class XMediaUploads {

  /** X takes APPEND chunks of at most 5 MB. */
  static final int DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

  private static final String MEDIA_IDS = "media_ids";
  private static final String PENDING = "media_pending";
  private static final String STAGE = "media_stage";
  private static final String INITIALIZED = "initialized";
  private static final String APPENDED = "appended";
  private static final String PROCESSING = "processing";

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final Duration pollInterval;
  private final int chunkBytes;

  XMediaUploads(
      RestClient client, PlatformHttp http, String apiUrl, Duration pollInterval, int chunkBytes) {
    this.client = client;
    this.http = http;
    this.apiUrl = apiUrl;
    this.pollInterval = pollInterval;
    this.chunkBytes = chunkBytes;
  }

  /** The media ids X has processed, in the post's order. */
  static List<String> uploaded(StepState state) {
    return state.texts(MEDIA_IDS);
  }

  /** Whether a video's chunked upload (or a GIF's processing) is under way. */
  static boolean inFlight(StepState state) {
    return state.has(PENDING);
  }

  /** The next media step for {@code media}, the first one not uploaded yet. */
  PublishStep next(AccountCredentials account, MediaAttachment media, StepState state) {
    String pending = state.text(PENDING);
    return pending != null
        ? continueVideo(account, media, state, pending)
        : start(account, media, state);
  }

  /** Images and GIFs in one upload; a video's chunked upload starts with {@code initialize}. */
  private PublishStep start(AccountCredentials account, MediaAttachment media, StepState state) {
    MediaKind kind = MediaKind.of(media);
    if (kind == MediaKind.VIDEO) {
      long size =
          media.sizeBytes() > 0
              ? media.sizeBytes()
              : http.download(client, media.url()).bytes().length;
      Map<String, Object> init = new LinkedHashMap<>();
      init.put("media_type", media.contentType() != null ? media.contentType() : "video/mp4");
      init.put("total_bytes", size);
      init.put("media_category", kind.category);
      JsonNode data =
          http.call(
                  client
                      .post()
                      .uri(apiUrl + "/2/media/upload/initialize")
                      .headers(h -> h.setBearerAuth(account.accessToken()))
                      .contentType(MediaType.APPLICATION_JSON)
                      .body(init))
              .body()
              .path("data");
      return PublishStep.Wait.now(
          state.with(PENDING, JsonText.of(data, "id")).with(STAGE, INITIALIZED));
    }
    PlatformHttp.Download file = http.download(client, media.url());
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part("media", new ByteArrayResource(file.bytes()))
        .filename(fileName(media.url()))
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    multipart.part("media_category", kind.category);
    String type = media.contentType() != null ? media.contentType() : file.contentType();
    if (type != null) {
      multipart.part("media_type", type);
    }
    JsonNode data =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/2/media/upload")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(multipart.build()))
            .body()
            .path("data");
    return afterProcessingInfo(data, state, JsonText.of(data, "id"));
  }

  /** The next stage of the video in flight: append every chunk, finalize, then poll STATUS. */
  private PublishStep continueVideo(
      AccountCredentials account, MediaAttachment media, StepState state, String mediaId) {
    String stage = state.text(STAGE);
    if (INITIALIZED.equals(stage)) {
      // APPEND is idempotent per segment_index: a step cut short just sends the chunks again
      byte[] bytes = http.download(client, media.url()).bytes();
      for (int segment = 0; segment * (long) chunkBytes < bytes.length; segment++) {
        int from = segment * chunkBytes;
        byte[] chunk =
            java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkBytes));
        MultipartBodyBuilder multipart = new MultipartBodyBuilder();
        multipart
            .part("media", new ByteArrayResource(chunk))
            .filename("chunk")
            .contentType(MediaType.APPLICATION_OCTET_STREAM);
        multipart.part("segment_index", String.valueOf(segment));
        http.call(
            client
                .post()
                .uri(apiUrl + "/2/media/upload/{id}/append", mediaId)
                .headers(h -> h.setBearerAuth(account.accessToken()))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(multipart.build()));
      }
      return PublishStep.Wait.now(state.with(STAGE, APPENDED));
    }
    if (APPENDED.equals(stage)) {
      JsonNode data =
          http.call(
                  client
                      .post()
                      .uri(apiUrl + "/2/media/upload/{id}/finalize", mediaId)
                      .headers(h -> h.setBearerAuth(account.accessToken())))
              .body()
              .path("data");
      return afterProcessingInfo(data, state, mediaId);
    }
    JsonNode data =
        http.call(
                client
                    .get()
                    .uri(apiUrl + "/2/media/upload?command=STATUS&media_id={id}", mediaId)
                    .headers(h -> h.setBearerAuth(account.accessToken())))
            .body()
            .path("data");
    return afterProcessingInfo(data, state, mediaId);
  }

  /**
   * What {@code processing_info} says: none or {@code succeeded}: the media is ready; {@code
   * failed}: rejected with X's reason; else wait {@code check_after_secs} and ask STATUS.
   */
  private PublishStep afterProcessingInfo(JsonNode data, StepState state, String mediaId) {
    JsonNode processing = data.path("processing_info");
    String processingState = JsonText.of(processing, "state");
    if (processingState == null || processingState.equals("succeeded")) {
      return PublishStep.Wait.now(
          state.without(PENDING).without(STAGE).withAdded(MEDIA_IDS, mediaId));
    }
    if (processingState.equals("failed")) {
      String reason = JsonText.of(processing.path("error"), "message");
      return new PublishStep.Rejected(
          "platform_rejected",
          "X could not process the media: " + (reason != null ? reason : "processing failed"));
    }
    Duration checkAfter =
        Duration.ofSeconds(Math.max(0, processing.path("check_after_secs").asLong(1)));
    return new PublishStep.Wait(
        state.with(PENDING, mediaId).with(STAGE, PROCESSING),
        checkAfter.compareTo(pollInterval) < 0 ? pollInterval : checkAfter);
  }

  private static String fileName(String url) {
    String path = url.replaceAll("[?#].*$", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isBlank() ? "upload" : name;
  }

  /** What X calls the media's {@code media_category}. */
  private enum MediaKind {
    IMAGE("tweet_image"),
    GIF("tweet_gif"),
    VIDEO("tweet_video");

    final String category;

    MediaKind(String category) {
      this.category = category;
    }

    static MediaKind of(MediaAttachment media) {
      String type = media.contentType() == null ? "" : media.contentType().toLowerCase();
      String path = media.url().toLowerCase().replaceAll("[?#].*$", "");
      if (type.startsWith("video/") || path.endsWith(".mp4") || path.endsWith(".mov")) {
        return VIDEO;
      }
      return type.equals("image/gif") || path.endsWith(".gif") ? GIF : IMAGE;
    }
  }
}

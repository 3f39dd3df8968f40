package dev.omnipost.connectors.mastodon;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.http.PlatformResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes statuses to the account's Mastodon instance ({@code instance_url} setting). Media are
 * downloaded and uploaded through {@code POST /api/v2/media}, waiting for processing; the request's
 * idempotency key goes in the {@code Idempotency-Key} header, so a retry within the hour returns
 * the same status instead of posting twice.
 */
public final class MastodonConnector implements PlatformConnector {

  /** The account setting holding the instance's base URL, e.g. {@code https://mastodon.social}. */
  public static final String INSTANCE_URL = "instance_url";

  /** Options passed through to {@code POST /api/v1/statuses} when present. */
  private static final List<String> STATUS_OPTIONS =
      List.of("visibility", "spoiler_text", "language", "sensitive", "in_reply_to_id");

  private final RestClient client;
  private final PlatformHttp http;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final Clock clock;

  public MastodonConnector(RestClient client, Duration pollInterval, Duration processingTimeout) {
    this(client, pollInterval, processingTimeout, Clock.systemUTC());
  }

  MastodonConnector(
      RestClient client, Duration pollInterval, Duration processingTimeout, Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(Platform.MASTODON, new MastodonErrorTranslator(clock));
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    String instance = instanceUrl(account);
    List<String> mediaIds = new ArrayList<>();
    for (MediaAttachment media : request.media()) {
      mediaIds.add(upload(account, instance, media));
    }
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("status", request.text() == null ? "" : request.text());
    form.add("visibility", "public");
    for (String option : STATUS_OPTIONS) {
      Object value = request.options().get(option);
      if (value != null) {
        form.set(option, String.valueOf(value));
      }
    }
    mediaIds.forEach(id -> form.add("media_ids[]", id));
    var post =
        client
            .post()
            .uri(instance + "/api/v1/statuses")
            .headers(h -> authorize(h, account))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(form);
    if (request.idempotencyKey() != null && !request.idempotencyKey().isBlank()) {
      post = post.header("Idempotency-Key", request.idempotencyKey());
    }
    JsonNode status = http.call(post).body();
    return new PublishedPost(JsonText.of(status, "id"), JsonText.of(status, "url"));
  }

  /** Uploads one attachment and waits until Mastodon has processed it; returns its media id. */
  private String upload(AccountCredentials account, String instance, MediaAttachment media) {
    PlatformHttp.Download file = http.download(client, media.url());
    String contentType = media.contentType() != null ? media.contentType() : file.contentType();
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part("file", new ByteArrayResource(file.bytes()))
        .filename(fileName(media.url()))
        .contentType(
            contentType == null
                ? MediaType.APPLICATION_OCTET_STREAM
                : MediaType.parseMediaType(contentType));
    PlatformResponse uploaded =
        http.call(
            client
                .post()
                .uri(instance + "/api/v2/media")
                .headers(h -> authorize(h, account))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(multipart.build()));
    String mediaId = JsonText.of(uploaded.body(), "id");
    JsonNode attachment = uploaded.body();
    Instant deadline = clock.instant().plus(processingTimeout);
    while (JsonText.of(attachment, "url") == null) {
      if (!clock.instant().isBefore(deadline)) {
        throw new TransientPlatformException(
            Platform.MASTODON,
            0,
            "Mastodon is still processing media " + mediaId + " after " + processingTimeout,
            null,
            null);
      }
      pause();
      attachment =
          http.call(
                  client
                      .get()
                      .uri(instance + "/api/v1/media/{id}", mediaId)
                      .headers(h -> authorize(h, account)))
              .body();
    }
    return mediaId;
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientPlatformException(
          Platform.MASTODON, 0, "interrupted while waiting for Mastodon", null, e);
    }
  }

  private static void authorize(HttpHeaders headers, AccountCredentials account) {
    headers.setBearerAuth(account.accessToken());
  }

  private static String instanceUrl(AccountCredentials account) {
    String url = account.setting(INSTANCE_URL);
    if (url == null || url.isBlank()) {
      throw new PermanentPlatformException(
          Platform.MASTODON, 0, "the Mastodon account has no " + INSTANCE_URL + " setting", null);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String fileName(String url) {
    String path = url.replaceAll("[?#].*$", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isBlank() ? "upload" : name;
  }
}

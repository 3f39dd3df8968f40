package dev.omnipost.gateway.media;

import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.GuardedHttpClient;
import dev.omnipost.gateway.web.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Fetches a file for {@code POST /v1/media/from-url} through the one SSRF guard: the URL is vetted
 * first (a clear 400 for a private or unresolvable host), then fetched with a client whose every
 * name resolution and connect the guard checks (redirects included, up to the client's limit), so a
 * rebinding name cannot slip through. The answer is refused before its body is read when its status
 * is not 2xx, its declared type is not an image or video, or its declared length is over the limit;
 * the body is then streamed to disk by {@link MediaStorage#receive}, which stops at the limit
 * whatever the server declared (413).
 */
@Component
class MediaDownloader {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MediaDownloader.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final EgressGuard guard;
  private final MediaStorage storage;
  private final MediaProperties properties;
  private final WebClient client;

  MediaDownloader(EgressGuard guard, MediaStorage storage, MediaProperties properties) {
    this.guard = guard;
    this.storage = storage;
    this.properties = properties;
    HttpClient http =
        GuardedHttpClient.guard(
            HttpClient.create().followRedirect(true).responseTimeout(TIMEOUT), guard);
    this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
  }

  /** The downloaded file, not yet kept; its name as the URL's last path segment. */
  record Download(MediaStorage.Upload upload, String filename) {}

  Mono<Download> download(String url) {
    URI uri = parse(url);
    return Mono.fromCallable(() -> guard.vet(uri))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(EgressBlockedException.class, MediaDownloader::blocked)
        .then(
            client
                .get()
                .uri(uri)
                .accept(MediaType.ALL)
                .exchangeToMono(
                    response -> {
                      int status = response.statusCode().value();
                      if (status < 200 || status > 299) {
                        return response
                            .releaseBody()
                            .then(
                                Mono.error(fetchFailed("the server answered HTTP " + status, url)));
                      }
                      String type =
                          response.headers().contentType().map(MediaType::toString).orElse("");
                      if (!acceptableType(type)) {
                        return response
                            .releaseBody()
                            .then(
                                Mono.error(
                                    new ApiException(
                                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                        "media.unsupported_type",
                                        "The URL serves "
                                            + (type.isEmpty() ? "no content type" : type)
                                            + "; accepted: "
                                            + String.join(", ", MediaKind.supportedTypes()),
                                        Map.of("supported", MediaKind.supportedTypes()))));
                      }
                      long max = properties.maxBytes().toBytes();
                      long declared = response.headers().contentLength().orElse(-1);
                      if (declared > max) {
                        return response
                            .releaseBody()
                            .then(
                                Mono.error(
                                    new ApiException(
                                        HttpStatus.PAYLOAD_TOO_LARGE,
                                        "media.too_large",
                                        "The file at the URL is "
                                            + declared
                                            + " bytes; files may be at most "
                                            + max
                                            + " bytes",
                                        Map.of("max_bytes", max))));
                      }
                      // copied off the pooled network buffers on the event loop: the storage
                      // writes on another thread, after the client may have reclaimed them
                      return storage.receive(
                          response.bodyToFlux(DataBuffer.class).map(MediaDownloader::copy));
                    })
                .timeout(TIMEOUT.plusSeconds(5))
                .doOnError(
                    e -> !(e instanceof ApiException),
                    e -> log.info("Fetching media from {} failed: {}", uri.getHost(), e.toString()))
                .onErrorMap(
                    e -> !(e instanceof ApiException),
                    e ->
                        cause(e, ApiException.class) != null
                            ? cause(e, ApiException.class)
                            : cause(e, EgressBlockedException.class) != null
                                ? blocked(cause(e, EgressBlockedException.class))
                                : fetchFailed(
                                    e instanceof TimeoutException
                                        ? "the server did not answer within "
                                            + TIMEOUT.toSeconds()
                                            + " s"
                                        : "the file could not be downloaded",
                                    url)))
        .map(upload -> new Download(upload, filename(uri)));
  }

  private static DataBuffer copy(DataBuffer pooled) {
    try {
      byte[] bytes = new byte[pooled.readableByteCount()];
      pooled.read(bytes);
      return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    } finally {
      DataBufferUtils.release(pooled);
    }
  }

  /** The first {@code type} in the failure's cause chain (the client wraps what the body threw). */
  private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static boolean acceptableType(String contentType) {
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    // servers that do not know the type say octet-stream (or nothing); the bytes decide then
    return type.isEmpty()
        || type.startsWith("image/")
        || type.startsWith("video/")
        || type.startsWith("application/octet-stream");
  }

  private URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "url is required", Map.of("field", "url"));
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw invalidUrl("url is not a valid URL");
    }
    try {
      guard.checkForm(uri);
    } catch (EgressBlockedException e) {
      throw blocked(e);
    }
    return uri;
  }

  private static ApiException blocked(EgressBlockedException e) {
    return switch (e.reason()) {
      case INVALID_URL -> invalidUrl(e.getMessage());
      case UNRESOLVABLE ->
          ApiException.invalid("media.url_unresolvable", e.getMessage(), Map.of("field", "url"));
      default ->
          ApiException.invalid("media.url_not_allowed", e.getMessage(), Map.of("field", "url"));
    };
  }

  private static ApiException invalidUrl(String message) {
    return ApiException.invalid("media.invalid_url", message, Map.of("field", "url"));
  }

  private static ApiException fetchFailed(String why, String url) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "media.fetch_failed",
        "Could not fetch the file: " + why,
        Map.of("field", "url", "url", url));
  }

  private static String filename(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    List<String> segments = List.of(path.split("/"));
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    return MediaController.safeFilename(last.isBlank() ? "download" : last);
  }
}

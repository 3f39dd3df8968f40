package dev.omnipost.connectors.http;

import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.TransientPlatformException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one request to a platform and returns its JSON, or throws the platform's error as a {@link
 * dev.omnipost.connectors.PlatformException}: every connector's calls go through here so timeouts
 * and unreachable hosts are reported the same way everywhere.
 */
public final class PlatformHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Platform platform;
  private final ErrorTranslator errors;

  public PlatformHttp(Platform platform, ErrorTranslator errors) {
    this.platform = platform;
    this.errors = errors;
  }

  /** A RestClient on the JDK HttpClient with {@code timeout} for connecting and for each answer. */
  public static RestClient restClient(Duration timeout) {
    HttpClient httpClient =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(timeout);
    return RestClient.builder()
        .requestFactory(requestFactory)
        .defaultHeader(HttpHeaders.USER_AGENT, "Omnipost")
        .requestInterceptor(
            (request, body, execution) -> {
              String traceparent = currentTraceparent();
              if (traceparent != null) {
                request.getHeaders().set(TRACEPARENT, traceparent);
              }
              return execution.execute(request, body);
            })
        .build();
  }

  /** The W3C trace context header every platform call carries when a span is current (ADR 26). */
  public static final String TRACEPARENT = "traceparent";

  /**
   * The {@code traceparent} of the OpenTelemetry span current on this thread (the publisher's step
   * span, through Micrometer Tracing's OpenTelemetry bridge), or null when none is.
   */
  static String currentTraceparent() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return null;
    }
    return "00-"
        + context.getTraceId()
        + "-"
        + context.getSpanId()
        + "-"
        + context.getTraceFlags().asHex();
  }

  /** Sends the request; a 4xx/5xx answer, a timeout or a connection failure throws. */
  public PlatformResponse call(RestClient.RequestHeadersSpec<?> request) {
    try {
      return request.exchange(
          (req, response) -> {
            int status = response.getStatusCode().value();
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (status >= 400) {
              throw errors.translate(status, response.getHeaders(), body);
            }
            return new PlatformResponse(status, response.getHeaders(), parse(status, body));
          });
    } catch (ResourceAccessException e) {
      throw unreachable(e);
    }
  }

  /** Downloads a file (media to re-upload); 4xx means the URL is wrong, not worth retrying. */
  public Download download(RestClient client, String url) {
    try {
      return client
          .get()
          .uri(url)
          .exchange(
              (req, response) -> {
                int status = response.getStatusCode().value();
                byte[] bytes = response.getBody().readAllBytes();
                if (status >= 500 || status == 429) {
                  throw new TransientPlatformException(
                      platform,
                      0,
                      "media " + url + " could not be fetched (HTTP " + status + ")",
                      null,
                      null);
                }
                if (status >= 300) {
                  throw new PermanentPlatformException(
                      platform,
                      0,
                      "media " + url + " could not be fetched (HTTP " + status + ")",
                      null);
                }
                return new Download(
                    bytes,
                    response.getHeaders().getContentType() == null
                        ? null
                        : response.getHeaders().getContentType().toString());
              },
              true);
    } catch (ResourceAccessException e) {
      throw new TransientPlatformException(
          platform, 0, "media " + url + " could not be fetched: " + rootMessage(e), null, e);
    } catch (IllegalArgumentException e) {
      throw new PermanentPlatformException(platform, 0, "media URL is not valid: " + url, e);
    }
  }

  /** A downloaded file. */
  public record Download(byte[] bytes, String contentType) {}

  private JsonNode parse(int status, String body) {
    if (body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw new PermanentPlatformException(
          platform, status, platform.id() + " answered with something that is not JSON", e);
    }
  }

  private TransientPlatformException unreachable(ResourceAccessException e) {
    return new TransientPlatformException(
        platform, 0, platform.id() + " could not be reached: " + rootMessage(e), null, e);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof IOException && cause.getMessage() == null
            ? cause.getClass().getSimpleName()
            : cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}

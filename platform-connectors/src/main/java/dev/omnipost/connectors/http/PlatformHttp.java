package dev.omnipost.connectors.http;

import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.GuardedHttpClient;
import io.netty.channel.ChannelOption;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
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
    return restClient(requestFactory);
  }

  /**
   * A RestClient for hosts a tenant chose (a Mastodon instance): on Reactor Netty guarded by the
   * one SSRF guard ({@link GuardedHttpClient}), so every name it resolves and every address it
   * connects to (redirects included) is vetted, and nothing is sent to a refused one. A refused
   * call throws {@link PermanentPlatformException} with code {@link
   * PermanentPlatformException#NOT_ALLOWED}.
   */
  public static RestClient guardedRestClient(Duration timeout, EgressGuard guard) {
    reactor.netty.http.client.HttpClient httpClient =
        GuardedHttpClient.guard(
            reactor.netty.http.client.HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout)
                .followRedirect(true),
            guard);
    ReactorClientHttpRequestFactory requestFactory =
        new ReactorClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(timeout);
    return restClient(requestFactory);
  }

  private static RestClient restClient(
      org.springframework.http.client.ClientHttpRequestFactory requestFactory) {
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
      EgressBlockedException blocked = blocked(e);
      if (blocked != null) {
        throw notAllowed(blocked);
      }
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

  private PlatformException unreachable(ResourceAccessException e) {
    EgressBlockedException blocked = blocked(e);
    if (blocked != null) {
      return notAllowed(blocked);
    }
    return new TransientPlatformException(
        platform, 0, platform.id() + " could not be reached: " + rootMessage(e), null, e);
  }

  /** The guard's refusal: permanent (the host will not become public by waiting). */
  private PermanentPlatformException notAllowed(EgressBlockedException blocked) {
    return new PermanentPlatformException(
        platform,
        0,
        platform.id() + " host cannot be reached from here: " + blocked.getMessage(),
        blocked,
        PermanentPlatformException.NOT_ALLOWED);
  }

  /** The guard's refusal behind a failed call, if that is why it failed. */
  public static EgressBlockedException blocked(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof EgressBlockedException blocked) {
        return blocked;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
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

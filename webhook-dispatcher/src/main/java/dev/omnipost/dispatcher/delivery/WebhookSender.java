package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import dev.omnipost.dispatcher.signing.StandardWebhookSigner;
import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.GuardedHttpClient;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one signed attempt without blocking a thread, so a hanging endpoint only holds its own
 * connection. Its client is guarded ({@link GuardedHttpClient}): the only lookup of the host is the
 * one the SSRF guard vets, and every connect is checked, so DNS rebinding cannot reach an internal
 * address (whose answer would otherwise be stored and shown in the delivery log). It never follows
 * redirects, and bounds connect and total time.
 */
@Component
class WebhookSender implements AutoCloseable {

  private final HttpClient client;
  private final ConnectionProvider connections;
  private final StandardWebhookSigner signer;
  private final Duration requestTimeout;
  private final int bodyLimit;
  private final Clock clock;

  WebhookSender(
      WebhookProperties properties,
      EgressGuard egressGuard,
      StandardWebhookSigner signer,
      Clock clock) {
    this.connections =
        ConnectionProvider.builder("omnipost-webhooks")
            .maxConnections(1000)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.client =
        GuardedHttpClient.guard(
            HttpClient.create(connections)
                .option(
                    ChannelOption.CONNECT_TIMEOUT_MILLIS,
                    (int) properties.connectTimeout().toMillis())
                .followRedirect(false)
                .responseTimeout(properties.requestTimeout()),
            egressGuard);
    this.signer = signer;
    this.requestTimeout = properties.requestTimeout();
    this.bodyLimit = properties.responseBodyLimit();
    this.clock = clock;
  }

  /** Signs {@code body} with a fresh timestamp and POSTs exactly those bytes to {@code url}. */
  Mono<HttpOutcome> send(URI url, String webhookId, byte[] body, List<String> secrets) {
    return send(url, webhookId, body, secrets, null);
  }

  /** As above, with the W3C {@code traceparent} header when one is given (ADR 26). */
  Mono<HttpOutcome> send(
      URI url, String webhookId, byte[] body, List<String> secrets, String traceparent) {
    long started = System.nanoTime();
    long timestamp = clock.instant().getEpochSecond();
    String signature = signer.signatureHeader(webhookId, timestamp, body, secrets);
    return client
        .headers(
            h ->
                h.set("content-type", "application/json")
                    .set("webhook-id", webhookId)
                    .set("webhook-timestamp", Long.toString(timestamp))
                    .set("webhook-signature", signature)
                    .set("user-agent", "Omnipost-Webhooks/1"))
        .headers(
            h -> {
              if (traceparent != null) {
                h.set(TraceContexts.TRACEPARENT, traceparent);
              }
            })
        .post()
        .uri(url)
        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
        .response(
            (response, content) ->
                content
                    .asByteArray()
                    .collect(ByteArrayOutputStream::new, this::appendLimited)
                    .map(
                        out ->
                            new HttpOutcome(
                                response.status().code(),
                                headers(response.responseHeaders()),
                                out.toString(StandardCharsets.UTF_8),
                                retryAfter(response.responseHeaders().get("retry-after")),
                                null,
                                null,
                                elapsedMillis(started))))
        .next()
        .timeout(requestTimeout)
        .onErrorResume(e -> Mono.just(failed(e, elapsedMillis(started))));
  }

  private void appendLimited(ByteArrayOutputStream out, byte[] chunk) {
    int room = bodyLimit - out.size();
    if (room > 0) {
      out.write(chunk, 0, Math.min(room, chunk.length));
    }
  }

  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> map = new LinkedHashMap<>();
    headers.forEach(e -> map.merge(e.getKey().toLowerCase(), e.getValue(), (a, b) -> a + ", " + b));
    return map;
  }

  /** Seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(Clock.systemUTC().instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static HttpOutcome failed(Throwable e, long durationMillis) {
    EgressBlockedException blocked = blockedCause(e);
    if (blocked == null) {
      return HttpOutcome.failed(errorClass(e), e.toString(), durationMillis);
    }
    // a name that stops resolving may come back; a refused address does not
    String errorClass =
        blocked.reason() == EgressBlockedException.Reason.UNRESOLVABLE
            ? HttpOutcome.DNS_FAILED
            : HttpOutcome.SSRF_BLOCKED;
    return HttpOutcome.failed(errorClass, blocked.getMessage(), durationMillis);
  }

  private static EgressBlockedException blockedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EgressBlockedException blocked) {
        return blocked;
      }
    }
    return null;
  }

  private static String errorClass(Throwable e) {
    if (e instanceof TimeoutException
        || e instanceof ReadTimeoutException
        || e.getClass().getSimpleName().contains("Timeout")) {
      return e instanceof ConnectTimeoutException ? "connect_timeout" : "timeout";
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return "connection_failed";
    }
    return "io_error";
  }

  private static long elapsedMillis(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }

  @Override
  public void close() {
    connections.dispose();
  }
}

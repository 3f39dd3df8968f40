package dev.omnipost.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * (f) Isolation of a hanging endpoint: {@code healthy} endpoints that answer at once and,
 * optionally, one that accepts the connection and never answers, all subscribed to {@code
 * post.created}, in one workspace (so they share the events topic's partition). The figure is the
 * healthy endpoints' delivery lag, from the event's {@code timestamp} to its arrival at the
 * receiver (same clock). Run once with and once without the hanging endpoint: the p99s should be
 * within 50 ms. The hanging endpoint's attempts time out ({@code request-timeout}) and are retried
 * on the schedule; how many arrived is printed.
 */
final class WebhookIsolation {

  private static final String FAR_FUTURE = Instant.now().plus(Duration.ofDays(365)).toString();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ApiClient api;
  private final String operatorToken;

  WebhookIsolation(ApiClient api, String operatorToken) {
    this.api = api;
    this.operatorToken = operatorToken;
  }

  /** Lag percentiles (microseconds) of the healthy deliveries, and the hanging endpoint's count. */
  record Result(Histogram healthyLagMicros, long healthyReceived, long hangingReceived) {}

  Result run(double postRate, Duration duration, int healthy, boolean withHanging, int port) {
    Recorder lag = new Recorder(3);
    AtomicLong healthyReceived = new AtomicLong();
    AtomicLong hangingReceived = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    HttpServer receiver;
    try {
      receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the hanging path holds a thread per request: a cached pool keeps the healthy path free
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext(
        "/healthy",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          long now = System.currentTimeMillis();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          JsonNode payload = JSON.readTree(body);
          long sent = Instant.parse(payload.get("timestamp").asString()).toEpochMilli();
          lag.recordValue(Math.max(0, now - sent) * 1000);
          healthyReceived.incrementAndGet();
        });
    receiver.createContext(
        "/hang",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          hangingReceived.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    receiver.start();
    try {
      BenchWorkspace workspace = BenchWorkspace.create(api, operatorToken);
      String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
      for (int i = 0; i < healthy; i++) {
        subscribe(workspace, base + "/healthy");
      }
      if (withHanging) {
        subscribe(workspace, base + "/hang");
      }
      OpenLoad.run(
          postRate,
          duration,
          64,
          i ->
              api.createPost(
                  workspace.apiKey(),
                  "Isolation benchmark %d".formatted(i),
                  workspace.accountIds(),
                  FAR_FUTURE));
      long expected = (long) (postRate * duration.toSeconds()) * healthy;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (healthyReceived.get() < expected && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      System.out.printf(
          "isolation (%s hanging endpoint): %d of %d healthy deliveries, %d hanging attempts%n",
          withHanging ? "with" : "without", healthyReceived.get(), expected, hangingReceived.get());
      return new Result(lag.getIntervalHistogram(), healthyReceived.get(), hangingReceived.get());
    } finally {
      release.countDown();
      receiver.stop(0);
    }
  }

  private void subscribe(BenchWorkspace workspace, String url) {
    api.post(
        api.gatewayUrl() + "/v1/webhooks",
        workspace.apiKey(),
        Map.of("url", url, "events", List.of("post.created")));
  }
}

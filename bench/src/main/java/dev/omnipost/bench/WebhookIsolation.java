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

  private final String bootstrap;

  /**
   * With {@code bootstrap} (a Kafka address), events are produced straight onto {@code
   * omnipost.events} at the rate (as the relay would), so ingest does not bound the load; without
   * it, posts go through {@code POST /v1/posts}.
   */
  WebhookIsolation(ApiClient api, String operatorToken, String bootstrap) {
    this.api = api;
    this.operatorToken = operatorToken;
    this.bootstrap = bootstrap;
  }

  /** Lag percentiles (microseconds) of the healthy deliveries, and the hanging endpoint's count. */
  record Result(Histogram healthyLagMicros, long healthyReceived, long hangingReceived) {}

  Result run(double postRate, Duration duration, int healthy, boolean withHanging, int port) {
    return run(postRate, duration, healthy, withHanging, port, Duration.ZERO);
  }

  /**
   * As above; with the hanging endpoint, the receiver stays up until {@code watchHanging} after the
   * first event, so its attempts can time out and be retried while it is watched.
   */
  Result run(
      double postRate,
      Duration duration,
      int healthy,
      boolean withHanging,
      int port,
      Duration watchHanging) {
    long began = System.nanoTime();
    Recorder lag = new Recorder(3);
    AtomicLong healthyReceived = new AtomicLong();
    AtomicLong hangingReceived = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    Map<String, List<Long>> hangingAttempts = new java.util.concurrent.ConcurrentHashMap<>();
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
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          if (id != null) {
            hangingAttempts
                .computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(System.currentTimeMillis());
          }
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
      long events;
      if (bootstrap != null) {
        events = produceAtRate(workspace, postRate, duration);
      } else {
        events =
            OpenLoad.run(
                    postRate,
                    duration,
                    64,
                    i ->
                        api.createPost(
                            workspace.apiKey(),
                            "Isolation benchmark %d".formatted(i),
                            workspace.accountIds(),
                            FAR_FUTURE))
                .succeeded();
      }
      long expected = events * healthy;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (healthyReceived.get() < expected && System.nanoTime() < deadline) {
        Pause.of(Duration.ofMillis(20));
      }
      System.out.printf(
          "isolation (%s hanging endpoint): %d of %d healthy deliveries, %d hanging attempts%n",
          withHanging ? "with" : "without", healthyReceived.get(), expected, hangingReceived.get());
      if (withHanging) {
        long watchUntil = began + watchHanging.toNanos();
        Pause.of(Duration.ofNanos(Math.max(0, watchUntil - System.nanoTime())));
        printRetryGaps(hangingAttempts);
      }
      return new Result(lag.getIntervalHistogram(), healthyReceived.get(), hangingReceived.get());
    } finally {
      release.countDown();
      receiver.stop(0);
    }
  }

  /**
   * The hanging endpoint's gaps between an attempt and the next of one delivery: each should be the
   * request timeout plus the retry delay (with its jitter), never less.
   */
  private static void printRetryGaps(Map<String, List<Long>> attempts) {
    java.util.TreeMap<Integer, List<Long>> gapsByAttempt = new java.util.TreeMap<>();
    attempts.values().stream()
        .map(list -> list.stream().sorted().toList())
        .forEach(
            times -> {
              for (int i = 1; i < times.size(); i++) {
                gapsByAttempt
                    .computeIfAbsent(i, k -> new java.util.ArrayList<>())
                    .add(times.get(i) - times.get(i - 1));
              }
            });
    System.out.printf(
        "isolation: hanging endpoint: %d deliveries attempted, %d attempted again%n",
        attempts.size(),
        gapsByAttempt.isEmpty() ? 0 : gapsByAttempt.firstEntry().getValue().size());
    gapsByAttempt.forEach(
        (n, gaps) -> {
          List<Long> sorted = gaps.stream().sorted().toList();
          System.out.printf(
              "isolation: attempt %d → %d: %d gaps, min %d ms, median %d ms, max %d ms%n",
              n,
              n + 1,
              sorted.size(),
              sorted.get(0),
              sorted.get(sorted.size() / 2),
              sorted.get(sorted.size() - 1));
        });
  }

  /**
   * Produces {@code rate} events a second for {@code duration}, in steps scheduled every 10 ms; the
   * count.
   */
  private long produceAtRate(BenchWorkspace workspace, double rate, Duration duration) {
    dev.omnipost.events.CloudEventCodec codec = new dev.omnipost.events.CloudEventCodec("bench");
    java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.ScheduledExecutorService ticks =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (var producer = DispatcherThroughput.producer(bootstrap)) {
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      ticks.scheduleAtFixedRate(
          () -> {
            try {
              long now = System.nanoTime();
              long due = (long) ((Math.min(now, end) - start) / 1e9 * rate);
              if (due > produced.get()) {
                DispatcherThroughput.produce(
                    producer, codec, workspace, (int) (due - produced.get()));
                produced.set(due);
              }
              if (now >= end) {
                done.complete(null);
              }
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          },
          0,
          10,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      done.join();
      ticks.shutdownNow(); // before the producer closes
    } finally {
      ticks.shutdownNow();
    }
    return produced.get();
  }

  private void subscribe(BenchWorkspace workspace, String url) {
    api.post(
        api.gatewayUrl() + "/v1/webhooks",
        workspace.apiKey(),
        Map.of("url", url, "events", List.of("post.created")));
  }
}

package dev.omnipost.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** The three baseline measurements of BENCHMARKS.md, each against the running local stack. */
final class Scenarios {

  /** Far enough ahead that ingest benchmarks measure the API, not the platform sandbox. */
  private static final String FAR_FUTURE = Instant.now().plus(Duration.ofDays(365)).toString();

  private final ApiClient api;
  private final String operatorToken;

  Scenarios(ApiClient api, String operatorToken) {
    this.api = api;
    this.operatorToken = operatorToken;
  }

  /**
   * (a) {@code POST /v1/posts} throughput and latency: scheduled posts (validated, stored with
   * their targets and outbox events, relayed to Kafka) at a constant arrival rate.
   */
  OpenLoad.Result postIngest(double rate, Duration duration, int connections) {
    BenchWorkspace workspace = BenchWorkspace.create(api, operatorToken);
    String body = "Benchmark post %d scheduled for later";
    OpenLoad.run(rate, Duration.ofSeconds(3), connections, i -> scheduled(workspace, body, i));
    return OpenLoad.run(rate, duration, connections, i -> scheduled(workspace, body, i));
  }

  /** {@code count} fresh workspaces of one sandbox Mastodon account each. */
  List<BenchWorkspace> workspaces(int count) {
    List<BenchWorkspace> workspaces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      workspaces.add(BenchWorkspace.create(api, operatorToken));
    }
    return workspaces;
  }

  /**
   * (a) closed loop: {@code connections} clients each creating a scheduled post as soon as the last
   * was accepted, round robin over {@code workspaces} (one account each).
   */
  OpenLoad.Result closedIngest(
      List<BenchWorkspace> workspaces, int connections, Duration warmUp, Duration duration) {
    String body = "Benchmark post %d scheduled for later";
    return ClosedLoad.run(
        connections,
        warmUp,
        duration,
        i -> scheduled(workspaces.get((int) (i % workspaces.size())), body, i));
  }

  /** The raw figure of (a): the same rows by plain JDBC, same clients, same accounts. */
  OpenLoad.Result rawIngest(
      String jdbcUrl,
      List<BenchWorkspace> workspaces,
      int connections,
      Duration warmUp,
      Duration duration) {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, connections)) {
      return ClosedLoad.run(
          connections,
          warmUp,
          duration,
          i -> {
            BenchWorkspace workspace = workspaces.get((int) (i % workspaces.size()));
            return raw.insert(workspace.workspaceId(), workspace.accountId(), i);
          });
    }
  }

  private java.util.concurrent.CompletableFuture<Boolean> scheduled(
      BenchWorkspace workspace, String text, long i) {
    return api.createPost(
        workspace.apiKey(), text.formatted(i), workspace.accountIds(), FAR_FUTURE);
  }

  /**
   * (b) End-to-end publish latency: from the moment a publish-now request is due to the moment the
   * platform sandbox stored the post, at a constant rate; or, with {@code scheduleAhead}, (e)
   * scheduler lateness: posts scheduled that far ahead, from their {@code scheduled_at} to the
   * sandbox's {@code created_at}. Posts are spread round robin over {@code accounts} new sandbox
   * accounts, each in a workspace of its own.
   */
  Histogram publishLatency(double rate, Duration duration, int accounts, Duration scheduleAhead) {
    List<BenchWorkspace> workspaces = new ArrayList<>();
    BenchWorkspace first = BenchWorkspace.create(api, operatorToken);
    workspaces.add(first);
    for (int i = 1; i < accounts; i++) {
      workspaces.add(BenchWorkspace.create(api, operatorToken));
    }
    String run = Long.toString(System.nanoTime(), 36);
    Map<String, Long> dueAt = new ConcurrentHashMap<>();
    long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    OpenLoad.Result sent =
        OpenLoad.run(
            rate,
            duration,
            64,
            i -> {
              BenchWorkspace workspace = workspaces.get((int) (i % workspaces.size()));
              String marker = "e2e-" + run + "-" + i;
              long due = System.nanoTime() + epochOffsetNanos;
              String scheduledAt = null;
              if (scheduleAhead != null) {
                due += scheduleAhead.toNanos();
                scheduledAt = Instant.ofEpochSecond(0, due).toString();
              }
              dueAt.put(marker, due);
              return api.createPost(
                  workspace.apiKey(), marker, workspace.accountIds(), scheduledAt);
            });
    Histogram latency = new Histogram(3);
    long deadline =
        System.nanoTime()
            + Duration.ofSeconds(60)
                .plus(scheduleAhead == null ? Duration.ZERO : scheduleAhead)
                .toNanos();
    Map<String, Instant> published = new HashMap<>();
    while (published.size() < sent.succeeded() && System.nanoTime() < deadline) {
      if (!published.isEmpty()) {
        // the latency is the sandbox's created_at, not when it is seen: polling without a pause
        // (each listing scans the simulator's whole store under its lock) only slows the tail
        Pause.of(Duration.ofMillis(500));
      }
      for (BenchWorkspace workspace : workspaces) {
        JsonNode posts =
            api.get(
                api.sandboxUrl()
                    + "/_sandbox/posts?platform=mastodon&account_id="
                    + workspace.sandboxAccountId());
        for (JsonNode post : posts.path("data").isArray() ? posts.path("data") : posts) {
          published.putIfAbsent(
              post.path("text").asString(), Instant.parse(post.path("created_at").asString()));
        }
      }
    }
    published.forEach(
        (text, at) -> {
          Long due = dueAt.get(text);
          if (due != null) {
            long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano() - due;
            latency.recordValue(Math.max(nanos / 1000, 1));
          }
        });
    System.out.printf(
        "publish latency: %d requested, %d accepted, %d seen on the sandbox%n",
        sent.offered(), sent.succeeded(), latency.getTotalCount());
    return latency;
  }

  /** What {@link #admissionOverhead} measured, in microseconds. */
  record Overhead(OpenLoad.Result after, Histogram before, Histogram admission, long untimed) {}

  /**
   * (d) The gateway's per-request cost of authentication and rate limiting on {@code GET
   * /v1/accounts}: each response reports how long its admission took ({@code Server-Timing}, from
   * the first line of the auth filter to the handler), so every request yields "after" (its whole
   * latency, from when it was due) and "before" (the same request less its admission time). Both
   * come from the same requests in the same run, at a rate below saturation, with a key whose limit
   * is high enough that the limiter takes its normal path (local allowance, settling with
   * PostgreSQL at least every sync interval) without ever refusing.
   */
  Overhead admissionOverhead(double rate, Duration duration) {
    BenchWorkspace workspace = BenchWorkspace.create(api, operatorToken);
    OpenLoad.run(
        rate,
        Duration.ofSeconds(3),
        64,
        (i, due) ->
            api.getTimed(workspace.apiKey(), "/v1/accounts").thenApply(t -> t.status() == 200));
    Histogram before = new Histogram(3);
    Histogram admission = new Histogram(3);
    AtomicLong untimed = new AtomicLong();
    OpenLoad.Result after =
        OpenLoad.run(
            rate,
            duration,
            64,
            (i, due) ->
                api.getTimed(workspace.apiKey(), "/v1/accounts")
                    .thenApply(
                        timed -> {
                          long total = Math.max((System.nanoTime() - due) / 1000, 1);
                          if (timed.admissionMicros() < 0) {
                            untimed.incrementAndGet();
                          } else {
                            synchronized (before) {
                              admission.recordValue(Math.max(timed.admissionMicros(), 1));
                              before.recordValue(Math.max(total - timed.admissionMicros(), 1));
                            }
                          }
                          return timed.status() == 200;
                        }));
    return new Overhead(after, before, admission, untimed.get());
  }

  /**
   * (c) Webhook deliveries per second to a local receiver: {@code endpoints} endpoints subscribed
   * to {@code post.created}, posts created at {@code postRate}; the receiver counts signed
   * deliveries. The receiver listens on 127.0.0.1:{@code receiverPort}, which the stack's egress
   * allow-list must name (the local stack allows 9999). Returns deliveries per second over the
   * busiest full seconds (median of them).
   */
  double webhookThroughput(
      double postRate, Duration duration, int endpoints, int receiverPort, StackCpu stackCpu) {
    AtomicLong received = new AtomicLong();
    HttpServer receiver;
    try {
      receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    receiver.setExecutor(Executors.newFixedThreadPool(16));
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (exchange.getRequestHeaders().getFirst("webhook-signature") != null) {
            received.incrementAndGet();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      BenchWorkspace workspace = BenchWorkspace.create(api, operatorToken);
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      for (int i = 0; i < endpoints; i++) {
        api.post(
            api.gatewayUrl() + "/v1/webhooks",
            workspace.apiKey(),
            Map.of("url", url, "events", List.of("post.created")));
      }
      List<Long> perSecond = new ArrayList<>();
      java.util.concurrent.ScheduledExecutorService sampler =
          DispatcherThroughput.sampler(received, perSecond);
      long cpuBefore = stackCpu == null ? 0 : stackCpu.millis();
      OpenLoad.Result posts =
          OpenLoad.run(
              postRate, duration, 64, i -> scheduled(workspace, "Webhook benchmark %d", i));
      // deliveries can only come as fast as posts are accepted: say so when ingest was the cap
      System.out.printf(
          "webhooks: %.0f posts/s accepted of %.0f offered (at most %.0f deliveries/s)%n",
          posts.throughputPerSecond(), postRate, posts.throughputPerSecond() * endpoints);
      long expected = (long) (postRate * duration.toSeconds()) * endpoints;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // a pause, not a spin: a spinning wait would be counted in the CPU the run measures
      while (received.get() < expected && System.nanoTime() < deadline) {
        Pause.of(Duration.ofMillis(20));
      }
      sampler.shutdownNow();
      System.out.printf("webhooks: %d of %d deliveries received%n", received.get(), expected);
      if (stackCpu != null && received.get() > 0) {
        System.out.printf(
            "webhooks: stack CPU %.2f ms per delivery (each post's own ingest included, one post"
                + " per %d deliveries)%n",
            (double) (stackCpu.millis() - cpuBefore) / received.get(), endpoints);
      }
      synchronized (perSecond) {
        List<Long> busy = perSecond.stream().filter(n -> n > 0).sorted().toList();
        return busy.isEmpty() ? 0 : busy.get(busy.size() / 2);
      }
    } finally {
      receiver.stop(0);
    }
  }
}

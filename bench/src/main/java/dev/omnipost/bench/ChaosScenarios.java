package dev.omnipost.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * The six scenarios of the chaos suite (issue 12), each against the multi-process local stack
 * through {@link ChaosStack}, each returning its row of the table. Sizes come from {@code
 * --chaos-*} flags whose defaults are the sizes.
 */
final class ChaosScenarios {

  private final ApiClient api;
  private final String operatorToken;
  private final ChaosStack stack;
  private final Map<String, String> options;

  ChaosScenarios(
      ApiClient api, String operatorToken, ChaosStack stack, Map<String, String> options) {
    this.api = api;
    this.operatorToken = operatorToken;
    this.stack = stack;
    this.options = options;
  }

  private int integer(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private double decimal(String name, double fallback) {
    return Double.parseDouble(options.getOrDefault(name, Double.toString(fallback)));
  }

  private Duration seconds(String name, long fallback) {
    return Duration.ofMillis(
        (long) (1000 * Double.parseDouble(options.getOrDefault(name, Long.toString(fallback)))));
  }

  /** Kills {@code role} every {@code every} until closed; counts the kills and their last time. */
  private final class Killer implements AutoCloseable {
    final AtomicInteger kills = new AtomicInteger();
    final AtomicReference<Instant> last = new AtomicReference<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Killer(String role, Duration every) {
      timer.scheduleAtFixedRate(
          () -> {
            try {
              stack
                  .kill(role)
                  .ifPresent(
                      pid -> {
                        kills.incrementAndGet();
                        last.set(Instant.now());
                        System.out.printf("chaos: kill -9 %s pid %d%n", role, pid);
                      });
            } catch (RuntimeException e) {
              System.out.println("chaos: could not kill " + role + ": " + e.getMessage());
            }
          },
          every.toMillis(),
          every.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private static Duration since(Instant from, Instant to) {
    return from == null || to == null || to.isBefore(from)
        ? Duration.ZERO
        : Duration.between(from, to);
  }

  /** Waits until every process the supervisor lists is ready again. */
  private Duration awaitAllReady(Duration timeout) {
    Instant began = Instant.now();
    boolean ready =
        ChaosStack.await(
            timeout,
            () -> stack.roles().stream().allMatch(role -> stack.readyPid(role).isPresent()));
    if (!ready) {
      throw new IllegalStateException("not every process was ready again within " + timeout);
    }
    return Duration.between(began, Instant.now());
  }

  // ---------------------------------------------------------------------------------------------
  // 1. kill -9 of the publisher-worker every 10 s during publish-now posts

  ChaosSuite.Row publisherKills() {
    int posts = integer("chaos-posts", 2000);
    double rate = decimal("chaos-rate", 50);
    int accounts = integer("chaos-accounts", 100);
    Duration every = seconds("chaos-kill-every", 10);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos1", accounts);
    int kills;
    Instant lastKill;
    try (Killer killer = new Killer("publisher-worker", every)) {
      load.send(posts, rate, true, Duration.ofSeconds(30), i -> {});
      kills = killer.kills.get();
      lastKill = killer.last.get();
    }
    ChaosLoad.Census census = load.awaitPublished(seconds("chaos-timeout", 300));
    return load.row(
        "1. publisher-worker kill -9 every %d s".formatted(every.toSeconds()),
        census,
        since(lastKill, census.last()),
        "%,d publish-now posts at %.0f/s over %d accounts, %d kills; recovery: last kill → last status on the sandbox"
            .formatted(posts, rate, accounts, kills));
  }

  // ---------------------------------------------------------------------------------------------
  // 2. kill -9 of the webhook-dispatcher during deliveries

  /**
   * A receiver on the one loopback port the stack's egress allow-list names, counting only this
   * run's endpoints ({@code /chaos/<run>/…}): an earlier run's deliveries still retrying must not
   * count for this one.
   */
  private static final class Receiver implements AutoCloseable {
    final Set<String> unique = ConcurrentHashMap.newKeySet();
    final AtomicLong arrivals = new AtomicLong();
    final AtomicReference<Instant> lastNew = new AtomicReference<>(Instant.EPOCH);
    private final HttpServer server;

    Receiver(int port, String run) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
      }
      server.setExecutor(Executors.newFixedThreadPool(16));
      server.createContext(
          "/chaos/" + run + "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
              arrivals.incrementAndGet();
              if (unique.add(exchange.getRequestURI().getPath() + " " + id)) {
                lastNew.set(Instant.now());
              }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private List<String> subscribe(ChaosLoad load, int port, String path, int endpoints) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      JsonNode created =
          api.post(
              api.gatewayUrl() + "/v1/webhooks",
              load.apiKey,
              Map.of(
                  "url",
                  "http://127.0.0.1:%d/chaos/%s/%d".formatted(port, path, i),
                  "events",
                  List.of("post.created")));
      ids.add(created.at("/data/id").asString());
    }
    return ids;
  }

  ChaosSuite.Row dispatcherKills() {
    int deliveries = integer("chaos-deliveries", 10_000);
    int endpoints = integer("chaos-endpoints", 10);
    double rate = decimal("chaos-delivery-post-rate", 100);
    Duration every = seconds("chaos-kill-every", 10);
    int port = integer("webhook-port", 9999);
    int posts = Math.max(1, deliveries / endpoints);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos2", 1);
    try (Receiver receiver = new Receiver(port, load.run)) {
      subscribe(load, port, load.run, endpoints);
      int kills;
      Instant lastKill;
      try (Killer killer = new Killer("webhook-dispatcher", every)) {
        load.send(posts, rate, false, Duration.ofSeconds(30), i -> {});
        // deliveries trail the posts: keep killing while they flow, for one more period
        Pause.of(every);
        kills = killer.kills.get();
        lastKill = killer.last.get();
      }
      long expected = (long) load.accepted.size() * endpoints;
      ChaosStack.await(seconds("chaos-timeout", 300), () -> receiver.unique.size() >= expected);
      Pause.of(Duration.ofSeconds(2)); // late duplicates
      long unique = receiver.unique.size();
      return new ChaosSuite.Row(
          "2. webhook-dispatcher kill -9 every %d s".formatted(every.toSeconds()),
          expected,
          unique,
          expected - unique,
          receiver.arrivals.get() - unique,
          since(lastKill, receiver.lastNew.get()),
          ("%,d deliveries (%,d posts × %d endpoints, %.0f posts/s), %d kills; \"published\" ="
                  + " deliveries received, \"twice\" = duplicate arrivals (at least once is the"
                  + " promise); recovery: last kill → last new delivery")
              .formatted(expected, load.accepted.size(), endpoints, rate, kills));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. the Kafka broker stopped for 60 s under load

  ChaosSuite.Row brokerStopped() {
    double rate = decimal("chaos-broker-rate", 100);
    Duration stopped = seconds("chaos-broker-stop", 60);
    Duration around = seconds("chaos-broker-around", 10);
    int accounts = integer("chaos-accounts", 100);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos3", accounts);
    long broker =
        stack
            .readyPid("kafka")
            .orElseThrow(() -> new IllegalStateException("this stack runs no Kafka of its own"));
    int posts = (int) (rate * (around.toMillis() * 2 + stopped.toMillis()) / 1000);
    AtomicReference<Instant> stoppedAt = new AtomicReference<>();
    AtomicReference<Instant> resumedAt = new AtomicReference<>();
    try (FaultTimeline fault =
        FaultTimeline.start(
            around,
            () -> {
              // SIGSTOP: the broker holds its connections but answers nothing, the harder case
              // for clients than a refused connection; the supervisor cannot restart it meanwhile
              ChaosStack.signal("STOP", List.of(broker));
              stoppedAt.set(Instant.now());
              System.out.println("chaos: Kafka (pid " + broker + ") stopped");
            },
            stopped,
            () -> {
              ChaosStack.signal("CONT", List.of(broker));
              resumedAt.set(Instant.now());
              System.out.println("chaos: Kafka resumed");
            })) {
      load.send(posts, rate, true, Duration.ofSeconds(30), i -> {});
      fault.awaitEnd();
    } finally {
      // never leave the broker stopped
      ChaosStack.signal("CONT", List.of(broker));
    }
    long duringStop =
        load.seen.stream()
            .filter(s -> !s.sent().isBefore(stoppedAt.get()) && s.sent().isBefore(resumedAt.get()))
            .count();
    long createdDuringStop =
        load.seen.stream()
            .filter(s -> !s.sent().isBefore(stoppedAt.get()) && s.sent().isBefore(resumedAt.get()))
            .filter(s -> s.status() == 201)
            .count();
    Duration slowest =
        load.seen.stream().map(ChaosStack.Seen::took).max(Comparator.naturalOrder()).orElseThrow();
    ChaosLoad.Census census = load.awaitPublished(seconds("chaos-timeout", 300));
    return load.row(
        "3. Kafka broker stopped (SIGSTOP) %d s".formatted(stopped.toSeconds()),
        census,
        since(resumedAt.get(), census.last()),
        ("%,d publish-now posts at %.0f/s over %d accounts; %,d of %,d answered 201 while the"
                + " broker was stopped, slowest answer %.1f s; recovery: broker back → last status"
                + " on the sandbox")
            .formatted(
                posts, rate, accounts, createdDuringStop, duringStop, slowest.toMillis() / 1000.0));
  }

  // ---------------------------------------------------------------------------------------------
  // 4. PostgreSQL paused (SIGSTOP) for 30 s, and separately killed

  /** What the gateway answered while PostgreSQL was away. */
  record Outage(
      Duration firstEnvelope503,
      Duration healthDown,
      Duration recovered,
      long hung,
      long requestsDuring,
      Duration slowest,
      Map<String, Integer> statuses,
      List<String> restarted) {

    String describe() {
      return ("first 503 envelope %s after it went, /v1/health 503 after %s; %d of %d requests"
              + " sent meanwhile took over 2 s (slowest %.1f s); answers %s; restarted: %s")
          .formatted(
              show(firstEnvelope503),
              show(healthDown),
              hung,
              requestsDuring,
              slowest.toMillis() / 1000.0,
              statuses,
              restarted.isEmpty() ? "none" : String.join(", ", restarted));
    }

    private static String show(Duration duration) {
      return duration == null ? "never" : "%.1f s".formatted(duration.toMillis() / 1000.0);
    }
  }

  /** What each PostgreSQL outage of this run measured, in order. */
  private final List<Outage> outages = new ArrayList<>();

  List<Outage> outages() {
    return outages;
  }

  List<ChaosSuite.Row> databaseDown() {
    return databaseOutage(options.getOrDefault("chaos-db-modes", "pause,kill"));
  }

  /** {@code modes}: {@code pause} (SIGSTOP for --chaos-db-pause), {@code kill}, or both. */
  List<ChaosSuite.Row> databaseOutage(String modes) {
    List<ChaosSuite.Row> rows = new ArrayList<>();
    for (String mode : modes.split(",")) {
      rows.add(
          mode.trim().equals("pause")
              ? databaseOutage(
                  "pause", seconds("chaos-db-pause", 30), seconds("chaos-db-around", 10))
              : databaseOutage("kill", Duration.ZERO, seconds("chaos-db-kill-window", 60)));
    }
    return rows;
  }

  private ChaosSuite.Row databaseOutage(String how, Duration pause, Duration around) {
    double rate = decimal("chaos-db-rate", 20);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos4" + how, 10);
    Map<String, Integer> restartsBefore = stack.restarts();
    List<ChaosStack.Seen> health = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
    prober.scheduleWithFixedDelay(
        () ->
            health.add(
                stack
                    .send(
                        "GET", api.gatewayUrl() + "/v1/health", null, null, Duration.ofSeconds(10))
                    .join()),
        0,
        250,
        TimeUnit.MILLISECONDS);
    int posts = (int) (rate * (around.toMillis() * 2 + pause.toMillis()) / 1000);
    AtomicReference<Instant> wentAt = new AtomicReference<>();
    AtomicReference<Instant> backAt = new AtomicReference<>();
    Runnable fault;
    Runnable resume = null;
    if (how.equals("pause")) {
      AtomicReference<List<Long>> paused = new AtomicReference<>(List.of());
      fault =
          () -> {
            paused.set(stack.postgresProcesses());
            ChaosStack.signal("STOP", paused.get());
            wentAt.set(Instant.now());
            System.out.println(
                "chaos: PostgreSQL stopped (SIGSTOP of " + paused.get().size() + " processes)");
          };
      resume =
          () -> {
            ChaosStack.signal("CONT", paused.get());
            backAt.set(Instant.now());
            System.out.println("chaos: PostgreSQL resumed");
          };
    } else {
      fault =
          () -> {
            long postmaster = stack.postmasterPid();
            ChaosStack.signal("KILL", List.of(postmaster));
            wentAt.set(Instant.now());
            backAt.set(wentAt.get());
            System.out.println("chaos: PostgreSQL postmaster (pid " + postmaster + ") killed");
          };
    }
    try (FaultTimeline timeline = FaultTimeline.start(around, fault, pause, resume)) {
      load.send(posts, rate, true, Duration.ofSeconds(10), i -> {});
      timeline.awaitEnd();
      // after a kill, wait for the database to be back before counting
      ChaosStack.await(
          Duration.ofMinutes(3),
          () -> load.post(posts + 1_000_000, true, Duration.ofSeconds(10)).join().status() == 201);
    } finally {
      prober.shutdownNow();
      if (how.equals("pause")) {
        ChaosStack.signal("CONT", stack.postgresProcesses());
      }
    }
    Instant went = wentAt.get();
    Instant back = backAt.get();
    Duration firstEnvelope =
        load.seen.stream()
            .filter(s -> s.status() == 503 && s.envelope() && s.answered().isAfter(went))
            .map(s -> Duration.between(went, s.answered()))
            .min(Comparator.naturalOrder())
            .orElse(null);
    Duration healthDown =
        health.stream()
            .filter(s -> s.status() == 503 && s.answered().isAfter(went))
            .map(s -> Duration.between(went, s.answered()))
            .min(Comparator.naturalOrder())
            .orElse(null);
    Duration recovered =
        load.seen.stream()
            .filter(s -> s.status() == 201 && s.sent().isAfter(back))
            .map(s -> Duration.between(back, s.answered()))
            .min(Comparator.naturalOrder())
            .orElse(null);
    Instant until = back.plus(recovered == null ? around : recovered);
    List<ChaosStack.Seen> during =
        load.seen.stream()
            .filter(s -> !s.sent().isBefore(went) && s.sent().isBefore(until))
            .toList();
    Map<String, Integer> statuses = new TreeMap<>();
    during.forEach(
        s ->
            statuses.merge(
                s.status() == ChaosStack.TIMED_OUT ? "timeout" : Integer.toString(s.status()),
                1,
                Integer::sum));
    Map<String, Integer> restartsAfter = stack.restarts();
    List<String> restarted =
        restartsAfter.entrySet().stream()
            .filter(e -> !Objects.equals(e.getValue(), restartsBefore.get(e.getKey())))
            .map(
                e ->
                    e.getKey() + " ×" + (e.getValue() - restartsBefore.getOrDefault(e.getKey(), 0)))
            .sorted()
            .toList();
    Outage outage =
        new Outage(
            firstEnvelope,
            healthDown,
            recovered,
            during.stream()
                .filter(s -> s.status() == ChaosStack.TIMED_OUT || s.took().toMillis() > 2000)
                .count(),
            during.size(),
            during.stream()
                .map(ChaosStack.Seen::took)
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO),
            statuses,
            restarted);
    outages.add(outage);
    System.out.println("chaos: PostgreSQL " + how + ": " + outage.describe());
    ChaosLoad.Census census = load.awaitPublished(seconds("chaos-timeout", 300));
    String title =
        how.equals("pause")
            ? "4a. PostgreSQL paused (SIGSTOP) %d s".formatted(pause.toSeconds())
            : "4b. PostgreSQL postmaster kill -9";
    return load.row(
        title,
        census,
        recovered,
        "%,d publish-now posts at %.0f/s (%,d requests with retries); %s; recovery: back → first 201"
            .formatted(posts, rate, load.seen.size(), outage.describe()));
  }

  // ---------------------------------------------------------------------------------------------
  // 5. a webhook receiver down for a while, then up

  ChaosSuite.Row receiverDown() {
    Duration down = seconds("chaos-receiver-down", 600);
    int posts = integer("chaos-receiver-posts", 100);
    int port = integer("webhook-port", 9999);
    List<Duration> schedule =
        java.util.Arrays.stream(
                options.getOrDefault("chaos-retry-delays", "5s,5m,30m,2h,5h,10h,10h").split(","))
            .map(d -> Duration.parse("PT" + d.trim().toUpperCase()))
            .toList();
    double jitter = decimal("chaos-retry-jitter", 0.2);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos5", 1);
    String webhook = subscribe(load, port, load.run, 1).get(0);
    Instant began = Instant.now();
    load.send(posts, Math.min(posts, 20), false, Duration.ofSeconds(30), i -> {});
    Pause.of(since(Instant.now(), began.plus(down)));
    Instant up = Instant.now();
    System.out.println(
        "chaos: receiver up after " + Duration.between(began, up).toSeconds() + " s");
    try (Receiver receiver = new Receiver(port, load.run)) {
      int expected = load.accepted.size();
      ChaosStack.await(seconds("chaos-timeout", 300), () -> receiver.unique.size() >= expected);
      // the attempts each delivery recorded, against the schedule the stack was given
      JsonNode listed =
          read(api.gatewayUrl() + "/v1/webhooks/" + webhook + "/deliveries?limit=100", load.apiKey);
      int checked = 0;
      int onSchedule = 0;
      int attempts = 0;
      Duration latest = Duration.ZERO;
      for (JsonNode delivery : listed.path("data")) {
        if (checked == 20) {
          break;
        }
        JsonNode detail =
            read(
                api.gatewayUrl()
                    + "/v1/webhooks/"
                    + webhook
                    + "/deliveries/"
                    + delivery.path("id").asString(),
                load.apiKey);
        List<JsonNode> tries = detail.at("/data/attempts").valueStream().toList();
        attempts += tries.size();
        checked++;
        boolean ok = true;
        for (int k = 0; k + 1 < tries.size(); k++) {
          Instant at = Instant.parse(tries.get(k).path("attempted_at").asString());
          Instant next = Instant.parse(tries.get(k + 1).path("attempted_at").asString());
          Duration planned = schedule.get(Math.min(k, schedule.size() - 1));
          Duration gap = Duration.between(at, next);
          // each wait is its delay plus at most the jitter fraction, plus a little scheduling slack
          Duration most =
              Duration.ofMillis((long) (planned.toMillis() * (1 + jitter))).plusSeconds(5);
          if (gap.compareTo(planned) < 0 || gap.compareTo(most) > 0) {
            ok = false;
          }
          Duration late = gap.minus(planned);
          latest = late.compareTo(latest) > 0 ? late : latest;
        }
        onSchedule += ok ? 1 : 0;
      }
      long unique = receiver.unique.size();
      return new ChaosSuite.Row(
          "5. webhook receiver down %d s".formatted(down.toSeconds()),
          expected,
          unique,
          expected - unique,
          receiver.arrivals.get() - unique,
          since(up, receiver.lastNew.get()),
          ("%d deliveries; retry delays %s (jitter %.0f%%): %d of %d deliveries checked had every"
                  + " wait within its delay and its jitter (%d attempts, at most %.1f s past a"
                  + " delay); recovery: receiver up → last delivery")
              .formatted(
                  expected,
                  schedule,
                  jitter * 100,
                  onSchedule,
                  checked,
                  attempts,
                  latest.toMillis() / 1000.0));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 6. kill -9 of every process mid-load, then the restart

  ChaosSuite.Row everythingKilled() {
    int posts = integer("chaos-killall-posts", 1000);
    double rate = decimal("chaos-rate", 50);
    int accounts = integer("chaos-accounts", 100);
    Duration window = seconds("chaos-reconcile-window", 360);
    ChaosLoad load = new ChaosLoad(api, stack, operatorToken, "chaos6", accounts);
    AtomicReference<Instant> killedAt = new AtomicReference<>();
    Thread chaos =
        new Thread(
            () -> {
              Pause.of(Duration.ofMillis((long) (posts / rate * 500)));
              List<Long> pids = new ArrayList<>();
              for (String role : stack.roles()) {
                stack.readyPid(role).ifPresent(pids::add);
              }
              try {
                pids.add(stack.postmasterPid());
              } catch (RuntimeException e) {
                // a stack on someone else's PostgreSQL
              }
              ChaosStack.signal("KILL", pids);
              killedAt.set(Instant.now());
              System.out.println("chaos: kill -9 of every process: " + pids);
            });
    chaos.start();
    Duration allReady;
    try {
      load.send(posts, rate, true, Duration.ofSeconds(10), i -> {});
      chaos.join();
      Pause.of(Duration.ofSeconds(2));
      allReady = awaitAllReady(seconds("chaos-restart-timeout", 900));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Instant readyAt = Instant.now();
    System.out.printf(
        "chaos: every process ready again %.1f s after the kill; waiting the reconciler's window (%d s)%n",
        since(killedAt.get(), readyAt).toMillis() / 1000.0, window.toSeconds());
    Pause.of(window);
    Map<String, Integer> targets = new TreeMap<>();
    for (var accepted : load.postIds.entrySet()) {
      JsonNode post =
          read(
              api.gatewayUrl() + "/v1/posts/" + accepted.getValue(),
              load.postKeys.get(accepted.getKey()));
      post.at("/data/targets")
          .valueStream()
          .forEach(t -> targets.merge(t.path("status").asString(), 1, Integer::sum));
    }
    int stuck = targets.getOrDefault("queued", 0) + targets.getOrDefault("publishing", 0);
    String decisions = reconcilerDecisions();
    ChaosLoad.Census census = load.census();
    return load.row(
        "6. kill -9 of every process, then restart",
        census,
        since(killedAt.get(), readyAt),
        ("%,d publish-now posts at %.0f/s over %d accounts; after the reconciler's window (%d s):"
                + " %d targets left queued/publishing, targets %s; reconciler %s; recovery: kill →"
                + " every process ready")
            .formatted(posts, rate, accounts, window.toSeconds(), stuck, targets, decisions));
  }

  /** The publisher-worker's counts of what its reconciler decided, since it (re)started. */
  private String reconcilerDecisions() {
    try {
      String metrics =
          api.getText(
              "http://localhost:" + stack.port("publisher", "management") + "/actuator/prometheus");
      Map<String, Double> counts = new TreeMap<>();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("omnipost_publisher_targets_reconciled_total")
            || line.startsWith("omnipost_publisher_lookups_total")) {
          String labels = line.substring(line.indexOf('{') + 1, line.indexOf('}'));
          String value = line.substring(line.lastIndexOf(' ') + 1);
          String key =
              java.util.Arrays.stream(labels.split(","))
                  .filter(l -> l.startsWith("outcome=") || l.startsWith("answer="))
                  .findFirst()
                  .orElse(labels)
                  .replace("\"", "");
          counts.merge(key, Double.parseDouble(value), Double::sum);
        }
      }
      return counts.isEmpty() ? "decided nothing" : counts.toString();
    } catch (RuntimeException e) {
      return "counts unavailable (" + e.getMessage() + ")";
    }
  }

  /** {@code GET url} with a workspace key; the body of a 200. */
  private JsonNode read(String url, String apiKey) {
    ChaosStack.Seen seen = stack.send("GET", url, apiKey, null, Duration.ofSeconds(30)).join();
    if (seen.status() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + seen.status());
    }
    return seen.body();
  }
}

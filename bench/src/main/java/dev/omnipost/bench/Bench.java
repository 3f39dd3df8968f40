package dev.omnipost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Runs the baseline benchmarks against a running local stack and prints a Markdown table of the
 * medians of several runs, ready for BENCHMARKS.md.
 *
 * <p>Usage: {@code java -jar bench.jar [--runs 3] [--duration 20] [--scenario
 * all|ingest|e2e|webhooks|overhead|schedule|burst|schedule-burst] [--overhead-rate 200]
 * [--schedule-rate 100] [--schedule-ahead-ms 10000] [--gateway http://localhost:8080] [--sandbox
 * http://localhost:8090] [--publisher-metrics http://localhost:9081/actuator/prometheus]
 * [--webhook-port 9999] [--data-dir .omnipost] [--burst-accounts 1000] [--burst-targets-per-account
 * 10] [--burst-latency-ms 300] [--chaos-scenarios 1,2,3,4,5,6] [--chaos-* sizes, see
 * bench/README.md]}. {@code chaos} (against {@code ./run-local.sh --processes}) runs the chaos
 * suite ({@link ChaosSuite}) and counts on the sandbox's records. {@code all} leaves out {@code
 * burst} and {@code schedule-burst}, which take minutes to set up.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = parse(args);
    Path dataDir = Path.of(options.getOrDefault("data-dir", ".omnipost"));
    String operatorToken = Files.readString(dataDir.resolve("operator.token")).trim();
    ApiClient api =
        new ApiClient(
            options.getOrDefault("gateway", "http://localhost:8080"),
            options.getOrDefault("sandbox", "http://localhost:8090"));
    Scenarios scenarios = new Scenarios(api, operatorToken);
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20")));
    String scenario = options.getOrDefault("scenario", "all");
    double ingestRate = Double.parseDouble(options.getOrDefault("ingest-rate", "1500"));
    double e2eRate = Double.parseDouble(options.getOrDefault("e2e-rate", "200"));
    int endpoints = Integer.parseInt(options.getOrDefault("endpoints", "10"));
    // the local stack lets webhooks reach only this loopback port
    int webhookPort = Integer.parseInt(options.getOrDefault("webhook-port", "9999"));
    double webhookPostRate = Double.parseDouble(options.getOrDefault("webhook-post-rate", "300"));
    double overheadRate = Double.parseDouble(options.getOrDefault("overhead-rate", "200"));
    String publisherMetricsUrl =
        options.getOrDefault("publisher-metrics", "http://localhost:9081/actuator/prometheus");

    List<String> rows = new ArrayList<>();
    if (scenario.equals("all") || scenario.equals("ingest")) {
      rows.addAll(ingest(scenarios, options, runs, duration, ingestRate));
    }
    if (scenario.equals("all") || scenario.equals("e2e")) {
      List<Histogram> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Histogram latency =
            scenarios.publishLatency(e2eRate, duration, publishAccounts(options, e2eRate), null);
        System.out.printf(
            "e2e run %d: p50 %.1f ms, p99 %.1f ms over %d posts%n",
            run,
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0,
            latency.getTotalCount());
        results.add(latency);
      }
      rows.add(
          "| (b) request → sandbox holds the post, %.0f posts/s | - | p50 %.1f ms, p99 %.1f ms | p99 ≤ 250 ms at 200 posts/s |"
              .formatted(
                  e2eRate,
                  median(results.stream().map(h -> h.getValueAtPercentile(50) / 1000.0).toList()),
                  median(results.stream().map(h -> h.getValueAtPercentile(99) / 1000.0).toList())));
    }
    if (scenario.equals("all") || scenario.equals("webhooks")) {
      List<Double> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        double perSecond =
            scenarios.webhookThroughput(
                webhookPostRate, duration, endpoints, webhookPort, StackCpu.of(options));
        System.out.printf("webhooks run %d: %.0f deliveries/s%n", run, perSecond);
        results.add(perSecond);
      }
      rows.add(
          "| (c) webhook deliveries to a local receiver (%d endpoints, %.0f posts/s) | %.0f deliveries/s | - | ≥ 3,000 deliveries/s |"
              .formatted(endpoints, webhookPostRate, median(results)));
    }
    if (scenario.equals("webhooks-dispatch")) {
      // (c) on the dispatcher alone: events straight onto omnipost.events, a backlog to drain
      rows.addAll(dispatch(api, operatorToken, options, runs, endpoints, webhookPort));
    }
    if (scenario.equals("webhooks-isolation")) {
      // (f): the same load with and without one endpoint that never answers
      int healthy = Integer.parseInt(options.getOrDefault("isolation-healthy", "9"));
      // --isolation-feed kafka: events straight onto omnipost.events, ingest out of the picture
      WebhookIsolation isolation =
          new WebhookIsolation(
              api,
              operatorToken,
              "kafka".equals(options.get("isolation-feed"))
                  ? options.getOrDefault("kafka", "127.0.0.1:19092")
                  : null);
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        without.add(
            millis(
                isolation
                    .run(webhookPostRate, duration, healthy, false, webhookPort)
                    .healthyLagMicros(),
                99));
        with.add(
            millis(
                isolation
                    .run(
                        webhookPostRate,
                        duration,
                        healthy,
                        true,
                        webhookPort,
                        Duration.ofSeconds(
                            Long.parseLong(options.getOrDefault("isolation-watch", "0"))))
                    .healthyLagMicros(),
                99));
        System.out.printf(
            "isolation run %d: healthy lag p99 %.1f ms without, %.1f ms with the hanging endpoint%n",
            run, without.get(run - 1), with.get(run - 1));
      }
      rows.add(
          "| (f) %d healthy endpoints + 1 that never answers, %.0f posts/s | - | healthy lag p99 %.1f ms (%.1f ms without it) | within 50 ms of the run without it |"
              .formatted(healthy, webhookPostRate, median(with), median(without)));
    }
    if (scenario.equals("all") || scenario.equals("overhead")) {
      List<Scenarios.Overhead> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Scenarios.Overhead overhead = scenarios.admissionOverhead(overheadRate, duration);
        if (overhead.untimed() > 0) {
          System.out.printf(
              "overhead run %d: %d responses had no Server-Timing: start the gateway with"
                  + " omnipost.gateway.server-timing=true (the local stack does)%n",
              run, overhead.untimed());
        }
        System.out.printf(
            "overhead run %d: after p50 %.2f ms p99 %.2f ms; before p50 %.2f ms p99 %.2f ms;"
                + " admission p50 %.3f ms p99 %.3f ms; %d failed%n",
            run,
            overhead.after().percentileMillis(50),
            overhead.after().percentileMillis(99),
            millis(overhead.before(), 50),
            millis(overhead.before(), 99),
            millis(overhead.admission(), 50),
            millis(overhead.admission(), 99),
            overhead.after().failed());
        results.add(overhead);
      }
      rows.add(
          ("| trust layer: GET /v1/accounts at %.0f/s: before (less auth + rate limit) → after | - |"
                  + " before p50 %.2f ms, p99 %.2f ms → after p50 %.2f ms, p99 %.2f ms"
                  + " (admission itself p50 %.3f ms, p99 %.3f ms) | small |")
              .formatted(
                  overheadRate,
                  median(results.stream().map(o -> millis(o.before(), 50)).toList()),
                  median(results.stream().map(o -> millis(o.before(), 99)).toList()),
                  median(results.stream().map(o -> o.after().percentileMillis(50)).toList()),
                  median(results.stream().map(o -> o.after().percentileMillis(99)).toList()),
                  median(results.stream().map(o -> millis(o.admission(), 50)).toList()),
                  median(results.stream().map(o -> millis(o.admission(), 99)).toList())));
    }
    if (scenario.equals("all") || scenario.equals("schedule")) {
      double scheduleRate = Double.parseDouble(options.getOrDefault("schedule-rate", "100"));
      Duration ahead =
          Duration.ofMillis(Long.parseLong(options.getOrDefault("schedule-ahead-ms", "10000")));
      List<Histogram> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Histogram lateness =
            scenarios.publishLatency(
                scheduleRate, duration, publishAccounts(options, scheduleRate), ahead);
        System.out.printf(
            "schedule run %d: lateness p50 %.1f ms, p99 %.1f ms over %d posts%n",
            run,
            lateness.getValueAtPercentile(50) / 1000.0,
            lateness.getValueAtPercentile(99) / 1000.0,
            lateness.getTotalCount());
        results.add(lateness);
      }
      rows.add(
          "| (e) scheduler lateness, %.0f scheduled posts/s: sandbox created_at − scheduled_at | - | p50 %.1f ms, p99 %.1f ms | p99 ≤ 1 s |"
              .formatted(
                  scheduleRate,
                  median(results.stream().map(h -> h.getValueAtPercentile(50) / 1000.0).toList()),
                  median(results.stream().map(h -> h.getValueAtPercentile(99) / 1000.0).toList())));
    }
    if (scenario.equals("schedule-burst")) {
      int accounts = Integer.parseInt(options.getOrDefault("burst-accounts", "1000"));
      int perAccount = Integer.parseInt(options.getOrDefault("burst-targets-per-account", "10"));
      BurstPublish.Result result =
          new BurstPublish(api, operatorToken, publisherMetricsUrl)
              .run(accounts, perAccount, Duration.ZERO, Duration.ofMinutes(5));
      rows.add(
          "| (e) %,d targets due in one second, sandbox latency 0 | %,d claimed, %,d published | all claimed within %.1f s, published within %.1f s; %d duplicates | all claimed within 5 s |"
              .formatted(
                  result.targets(),
                  result.claimed(),
                  result.published(),
                  result.allClaimedAfter().toMillis() / 1000.0,
                  result.allPublishedAfter().toMillis() / 1000.0,
                  result.duplicates()));
    }
    if (scenario.equals("chaos")) {
      // against ./run-local.sh --processes: its supervisor restarts what is killed
      ChaosSuite.run(api, operatorToken, dataDir, options);
      System.exit(0);
    }
    if (scenario.equals("burst")) {
      int accounts = Integer.parseInt(options.getOrDefault("burst-accounts", "1000"));
      int perAccount = Integer.parseInt(options.getOrDefault("burst-targets-per-account", "10"));
      long latencyMs = Long.parseLong(options.getOrDefault("burst-latency-ms", "300"));
      BurstPublish.Result result =
          new BurstPublish(api, operatorToken, publisherMetricsUrl)
              .run(accounts, perAccount, Duration.ofMillis(latencyMs), Duration.ofMinutes(5));
      System.out.printf(
          "burst: %d of %d targets published, last %.1f s after they fell due, %d duplicates, %d 429s%n",
          result.published(),
          result.targets(),
          result.allPublishedAfter().toMillis() / 1000.0,
          result.duplicates(),
          result.rateLimited());
      rows.add(
          "| (d) %,d targets over %,d Mastodon accounts due in one second, sandbox latency %d ms | %,d published | all within %.1f s; %d duplicates, %d 429s | all within 60 s, 0 duplicates, 0 429s |"
              .formatted(
                  result.targets(),
                  accounts,
                  latencyMs,
                  result.published(),
                  result.allPublishedAfter().toMillis() / 1000.0,
                  result.duplicates(),
                  result.rateLimited()));
    }
    System.out.println();
    System.out.println(
        "| measurement | throughput (median of "
            + runs
            + " runs) | latency (median of "
            + runs
            + " runs) | target |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
    System.exit(0);
  }

  /**
   * (a) ingest, three ways in one run: closed loop at 64 connections over 50 accounts and over one
   * account, each next to the raw figure (the same rows by plain JDBC at the same concurrency), and
   * open loop at {@code --ingest-rate} for the latency target.
   */
  private static List<String> ingest(
      Scenarios scenarios,
      Map<String, String> options,
      int runs,
      Duration duration,
      double ingestRate) {
    String jdbcUrl = options.getOrDefault("database", "jdbc:postgresql://127.0.0.1:54320/omnipost");
    Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up", "15")));
    int connections = 64;
    StackCpu stackCpu = StackCpu.of(options);
    List<BenchWorkspace> many = scenarios.workspaces(50);
    List<BenchWorkspace> one = scenarios.workspaces(1);
    List<String> rows = new ArrayList<>();
    for (var spread : List.of(Map.entry("50 accounts", many), Map.entry("one account", one))) {
      List<Double> gateway = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        StackCpu.Measured<OpenLoad.Result> measured =
            StackCpu.during(
                stackCpu,
                warmUp,
                duration,
                () -> scenarios.closedIngest(spread.getValue(), connections, warmUp, duration));
        OpenLoad.Result api = measured.result();
        String cpuPerPost =
            measured.per(api.succeeded()).stream()
                .mapToObj(ms -> ", stack CPU %.2f ms per post".formatted(ms))
                .findFirst()
                .orElse("");
        OpenLoad.Result jdbc =
            scenarios.rawIngest(jdbcUrl, spread.getValue(), connections, warmUp, duration);
        System.out.printf(
            "ingest closed loop, %s, run %d: gateway %.0f posts/s (p50 %.1f ms, p99 %.1f ms, %d"
                + " failed%s), raw JDBC %.0f posts/s (%d failed): %.0f%%%n",
            spread.getKey(),
            run,
            api.throughputPerSecond(),
            api.percentileMillis(50),
            api.percentileMillis(99),
            api.failed(),
            cpuPerPost,
            jdbc.throughputPerSecond(),
            jdbc.failed(),
            100 * api.throughputPerSecond() / jdbc.throughputPerSecond());
        gateway.add(api.throughputPerSecond());
        raw.add(jdbc.throughputPerSecond());
        p50.add(api.percentileMillis(50));
        p99.add(api.percentileMillis(99));
      }
      rows.add(
          ("| (a) POST /v1/posts closed loop, %d connections, %s | %.0f posts/s; raw JDBC %.0f"
                  + " posts/s, ratio %.0f%% | p50 %.1f ms, p99 %.1f ms | ≥ 2,000 posts/s,"
                  + " ratio ≥ 25%% |")
              .formatted(
                  connections,
                  spread.getKey(),
                  median(gateway),
                  median(raw),
                  100 * median(gateway) / median(raw),
                  median(p50),
                  median(p99)));
    }
    List<OpenLoad.Result> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      OpenLoad.Result result = scenarios.postIngest(ingestRate, duration, connections);
      System.out.printf(
          "ingest run %d: %.0f posts/s accepted of %.0f offered, p50 %.1f ms, p99 %.1f ms, %d failed%n",
          run,
          result.throughputPerSecond(),
          ingestRate,
          result.percentileMillis(50),
          result.percentileMillis(99),
          result.failed());
      results.add(result);
    }
    rows.add(
        "| (a) POST /v1/posts at %.0f/s offered, %d connections | %.0f posts/s | p50 %.1f ms, p99 %.1f ms | p99 ≤ 50 ms at 1,500/s |"
            .formatted(
                ingestRate,
                connections,
                median(results.stream().map(OpenLoad.Result::throughputPerSecond).toList()),
                median(results.stream().map(r -> r.percentileMillis(50)).toList()),
                median(results.stream().map(r -> r.percentileMillis(99)).toList())));
    return rows;
  }

  static double millis(Histogram micros, double percentile) {
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * Sandbox accounts that (b) and (e) spread their posts over: {@code --publish-accounts}, else the
   * fewest whose simulated Mastodon budget (300 posts per 5 minutes each) takes the rate for as
   * long as it lasts, which is one account per post per second. Fewer would measure the rate
   * limit's pacing, and each account's posts are published one after the other (its lane).
   */
  private static int publishAccounts(Map<String, String> options, double rate) {
    String given = options.get("publish-accounts");
    return given != null ? Integer.parseInt(given) : (int) Math.max(1, Math.ceil(rate));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static List<String> dispatch(
      ApiClient api,
      String operatorToken,
      Map<String, String> options,
      int runs,
      int endpoints,
      int webhookPort) {
    int events = Integer.parseInt(options.getOrDefault("dispatch-events", "3000"));
    int warmUp = Integer.parseInt(options.getOrDefault("dispatch-warm-up-events", "300"));
    DispatcherThroughput dispatcher =
        new DispatcherThroughput(
            api, operatorToken, options.getOrDefault("kafka", "127.0.0.1:19092"));
    StackCpu cpu = StackCpu.of(options);
    List<Double> rates = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    List<Double> pgCpus = new ArrayList<>();
    long lost = 0;
    long duplicates = 0;
    for (int run = 1; run <= runs; run++) {
      DispatcherThroughput.Result r =
          dispatcher.run(
              events,
              endpoints,
              warmUp,
              webhookPort,
              cpu,
              options.containsKey("postgres-pid")
                  ? Long.valueOf(options.get("postgres-pid"))
                  : null);
      System.out.printf(
          "dispatch run %d: %d of %d delivered, %d duplicates, %.0f deliveries/s (median second"
              + " %.0f), stack CPU %s ms per delivery, PostgreSQL CPU %s ms per delivery%n",
          run,
          r.received(),
          r.expected(),
          r.duplicates(),
          r.perSecond(),
          r.medianSecond(),
          r.cpuMillisPerDelivery().isPresent()
              ? "%.3f".formatted(r.cpuMillisPerDelivery().getAsDouble())
              : "-",
          r.postgresMillisPerDelivery().isPresent()
              ? "%.3f".formatted(r.postgresMillisPerDelivery().getAsDouble())
              : "-");
      r.threads().stream()
          .limit(14)
          .forEach(
              g ->
                  System.out.printf(
                      "    %-18s %6d ms  %.3f ms/delivery%n",
                      g.name(), g.millis(), (double) g.millis() / Math.max(1, r.received())));
      rates.add(r.perSecond());
      r.cpuMillisPerDelivery().ifPresent(cpus::add);
      r.postgresMillisPerDelivery().ifPresent(pgCpus::add);
      lost += r.expected() - r.received();
      duplicates += r.duplicates();
    }
    return List.of(
        ("| (c) dispatcher alone: %d events × %d endpoints produced onto omnipost.events | - |"
                + " %.0f deliveries/s, CPU per delivery %s ms stack + %s ms PostgreSQL, %d lost,"
                + " %d duplicates | ≥ 3,000 deliveries/s |")
            .formatted(
                events,
                endpoints,
                median(rates),
                cpus.isEmpty() ? "-" : "%.3f".formatted(median(cpus)),
                pgCpus.isEmpty() ? "-" : "%.3f".formatted(median(pgCpus)),
                lost,
                duplicates));
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}

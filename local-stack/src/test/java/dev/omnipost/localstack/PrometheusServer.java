package dev.omnipost.localstack;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus binary (Debian's {@code prometheus} package in CI) scraping a running local
 * stack, with the shipped alert rules loaded, queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final String url;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** The {@code name} binary on the PATH (or in /usr/bin), if installed. */
  static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts Prometheus scraping each job's management port every second, with {@code ruleFile}
   * loaded, and waits until it is ready.
   */
  static PrometheusServer start(
      Path binary, Path workDir, Map<String, Integer> jobs, Path ruleFile) {
    StringBuilder config =
        new StringBuilder(
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["%s"]
            scrape_configs:
            """
                .formatted(ruleFile.toAbsolutePath()));
    jobs.forEach(
        (job, port) ->
            config.append(
                """
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """
                    .formatted(job, port)));
    try {
      Path configFile = workDir.resolve("prometheus.yml");
      Files.writeString(configFile, config);
      Path log = workDir.resolve("prometheus.log");
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + configFile,
                  "--storage.tsdb.path=" + workDir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, log);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> process.isAlive() && server.status("/-/ready") == 200);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scrape targets' health by job ({@code up}, {@code down}, {@code unknown}). */
  Map<String, String> targetHealth() {
    Map<String, String> health = new java.util.TreeMap<>();
    get("/api/v1/targets")
        .at("/data/activeTargets")
        .valueStream()
        .forEach(t -> health.put(t.at("/labels/job").asString(), t.path("health").asString()));
    return health;
  }

  /** Every metric name Prometheus has stored from its scrapes. */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    get("/api/v1/label/__name__/values")
        .path("data")
        .valueStream()
        .forEach(n -> names.add(n.asString()));
    return names;
  }

  /** Evaluates {@code expr} now; the answer's {@code status} is {@code error} if it is invalid. */
  JsonNode query(String expr) {
    return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  /** The loaded rule groups, each rule with its query and health. */
  List<JsonNode> rules() {
    return get("/api/v1/rules")
        .at("/data/groups")
        .valueStream()
        .flatMap(group -> group.path("rules").valueStream())
        .toList();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private int status(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return StackClient.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

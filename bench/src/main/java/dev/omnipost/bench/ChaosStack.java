package dev.omnipost.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The multi-process local stack as the chaos suite sees it: the processes its supervisor lists in
 * {@code <data dir>/processes.json} (only those are ever signalled, never a process found by name,
 * so a chaos run never touches another stack on the machine), the PostgreSQL postmaster named in
 * {@code <data dir>/postgres/postmaster.pid}, and raw timed HTTP calls that report what a client
 * saw, 5xx and timeouts included.
 */
final class ChaosStack {

  /** What a client saw of one request. */
  record Seen(Instant sent, Instant answered, int status, JsonNode body) {

    Duration took() {
      return Duration.between(sent, answered);
    }

    /** Whether it is the error envelope with a code ({@code {"error":{"code":…}}}). */
    boolean envelope() {
      return body != null && body.at("/error/code").isString();
    }
  }

  /** A status for a request that got no answer within the client's timeout. */
  static final int TIMED_OUT = -1;

  private final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  ChaosStack(Path dataDir) {
    this.dataDir = dataDir;
  }

  private JsonNode file() {
    try {
      return ApiClient.JSON.readTree(Files.readString(dataDir.resolve("processes.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no processes.json in " + dataDir + ": is ./run-local.sh --processes running there?", e);
    }
  }

  private Optional<JsonNode> entry(String role) {
    return file()
        .path("processes")
        .valueStream()
        .filter(p -> p.path("role").asString().equals(role))
        .findFirst();
  }

  /** The pid of {@code role}'s process if it is ready. */
  Optional<Long> readyPid(String role) {
    return entry(role)
        .filter(p -> p.path("status").asString().equals("ready"))
        .map(p -> p.path("pid").asLong());
  }

  int restarts(String role) {
    return entry(role).map(p -> p.path("restarts").asInt()).orElse(0);
  }

  /** Every role's restart count now. */
  Map<String, Integer> restarts() {
    Map<String, Integer> all = new HashMap<>();
    file()
        .path("processes")
        .valueStream()
        .forEach(p -> all.put(p.path("role").asString(), p.path("restarts").asInt()));
    return all;
  }

  List<String> roles() {
    List<String> roles = new ArrayList<>();
    file().path("processes").valueStream().forEach(p -> roles.add(p.path("role").asString()));
    return roles;
  }

  /** A port of this stack as its supervisor wrote it, e.g. {@code ("publisher", "management")}. */
  int port(String part, String kind) {
    JsonNode ports = file().path("ports");
    JsonNode node = kind == null ? ports.path(part) : ports.path(part).path(kind);
    if (!node.isNumber()) {
      throw new IllegalStateException("processes.json names no port " + part + " " + kind);
    }
    return node.asInt();
  }

  /** {@code kill -9} of {@code role}'s ready process; its pid, or empty when none was ready. */
  Optional<Long> kill(String role) {
    Optional<Long> pid = readyPid(role);
    pid.flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    return pid;
  }

  /**
   * The postmaster of this stack's PostgreSQL (the database itself, not the JVM that started it).
   */
  long postmasterPid() {
    try {
      return Long.parseLong(
          Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The postmaster and every backend it forked: what "PostgreSQL" is, to pause it. */
  List<Long> postgresProcesses() {
    long postmaster = postmasterPid();
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster)
        .ifPresent(p -> p.descendants().forEach(child -> pids.add(child.pid())));
    return pids;
  }

  /** {@code kill -<signal>} to each pid (STOP, CONT, KILL). */
  static void signal(String signal, List<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    try {
      new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until {@code condition} holds or {@code timeout} passes; whether it held. */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // not yet (a process restarting, a file being rewritten)
      }
      Pause.of(Duration.ofMillis(250));
    }
    return false;
  }

  /** A JSON request, answered or not within {@code timeout}; never throws for the answer. */
  CompletableFuture<Seen> send(
      String method, String url, String bearer, Object body, Duration timeout) {
    return send(method, url, bearer, body, timeout, Map.of());
  }

  CompletableFuture<Seen> send(
      String method,
      String url,
      String bearer,
      Object body,
      Duration timeout,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(
              method, HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)));
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    Instant sent = Instant.now();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return new Seen(sent, Instant.now(), TIMED_OUT, null);
              }
              JsonNode parsed = null;
              try {
                parsed = ApiClient.JSON.readTree(response.body());
              } catch (RuntimeException e) {
                // not JSON: counted as no envelope
              }
              return new Seen(sent, Instant.now(), response.statusCode(), parsed);
            });
  }
}

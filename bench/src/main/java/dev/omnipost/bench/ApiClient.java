package dev.omnipost.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few Omnipost and sandbox calls the benchmarks make, over the JDK HTTP client. */
final class ApiClient {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String gatewayUrl;
  private final String sandboxUrl;

  ApiClient(String gatewayUrl, String sandboxUrl) {
    this.gatewayUrl = gatewayUrl;
    this.sandboxUrl = sandboxUrl;
  }

  String gatewayUrl() {
    return gatewayUrl;
  }

  /** Creates a post, published now when {@code scheduledAt} is null; completes with true on 201. */
  CompletableFuture<Boolean> createPost(
      String apiKey, String text, List<String> accountIds, String scheduledAt) {
    Map<String, Object> post = new java.util.HashMap<>();
    post.put("text", text);
    post.put("account_ids", accountIds);
    if (scheduledAt != null) {
      post.put("scheduled_at", scheduledAt);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/posts"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(post)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() == 201);
  }

  /** What the gateway said about one request: its status and how long admission took. */
  record Timed(int status, long admissionMicros) {}

  /**
   * {@code GET path} with the key; the admission time comes from the gateway's {@code
   * Server-Timing: admission;dur=<ms>} header (-1 when the gateway does not send it).
   */
  CompletableFuture<Timed> getTimed(String apiKey, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gatewayUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + apiKey)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(
            response ->
                new Timed(
                    response.statusCode(),
                    admissionMicros(response.headers().firstValue("Server-Timing").orElse(""))));
  }

  static long admissionMicros(String serverTiming) {
    for (String metric : serverTiming.split(",")) {
      String[] parts = metric.trim().split(";");
      if (!parts[0].trim().equals("admission")) {
        continue;
      }
      for (String parameter : parts) {
        String p = parameter.trim();
        if (p.startsWith("dur=")) {
          return Math.round(Double.parseDouble(p.substring(4)) * 1000);
        }
      }
    }
    return -1;
  }

  JsonNode post(String url, String bearer, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.build());
  }

  JsonNode put(String url, Object body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  JsonNode get(String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build());
  }

  String sandboxUrl() {
    return sandboxUrl;
  }

  /** {@code GET url} as text, e.g. a Prometheus endpoint. */
  String getText(String url) {
    return sendForText(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build());
  }

  private JsonNode send(HttpRequest request) {
    return JSON.readTree(sendForText(request));
  }

  /**
   * Set-up calls (workspaces, accounts) meet the gateway's per-address limit of operator routes
   * when a scenario creates hundreds of accounts: they wait as {@code Retry-After} says and go on,
   * as any client should. Measured requests never come through here.
   */
  private String sendForText(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      for (int waited = 0; response.statusCode() == 429 && waited < 20; waited++) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(5);
        Pause.of(Duration.ofSeconds(Math.max(1, seconds)));
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.omnipost.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running stack over real HTTP, as an API user would. */
final class StackClient {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A response's status and parsed JSON body. */
  record Response(int status, JsonNode body) {}

  private final HttpClient http =
      // HTTP/1.1 as the services speak it: the default HTTP/2 first tries an h2c upgrade on
      // every new connection
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final String apiKey;

  StackClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  Response get(String path) {
    return send(request(path).GET().build());
  }

  Response post(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  /** {@code post} with extra request headers (a {@code traceparent}, say). */
  Response post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(request::header);
    return send(request.build());
  }

  /**
   * {@code post} with an {@code Idempotency-Key}, sent again with the same key when the connection
   * fails before an answer (as a client under load should), so a lost answer never creates twice.
   */
  Response postIdempotently(String path, Object body, String idempotencyKey) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        return send(request);
      } catch (UncheckedIOException e) {
        if (attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  Response patch(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  Response delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** Uploads a file as multipart/form-data field {@code file}. */
  Response upload(String path, String filename, String contentType, byte[] content) {
    String boundary = "omnipost-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
            .timeout(Duration.ofSeconds(60));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode json = text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
      return new Response(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

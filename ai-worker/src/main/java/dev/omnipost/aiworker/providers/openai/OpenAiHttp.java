package dev.omnipost.aiworker.providers.openai;

import dev.omnipost.aiworker.providers.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON call to an OpenAI-compatible server ({@code POST {baseUrl}/<path>}) with its failures
 * sorted: rate limits, server errors, timeouts and lost connections are transient; other 4xx
 * answers are permanent and carry the provider's own {@code error.message} (for the operator's log
 * only). It does not retry: the generation's retry topics do.
 */
final class OpenAiHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;

  OpenAiHttp(String baseUrl, String apiKey, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  JsonNode post(String path, ObjectNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (apiKey != null && !apiKey.isBlank()) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ProviderException("the AI provider did not answer within " + timeout, true, 0, e);
    } catch (IOException e) {
      throw new ProviderException(
          "the AI provider could not be reached: " + e.getMessage(), true, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while waiting for the AI provider", true, 0, e);
    }
    int status = response.statusCode();
    JsonNode json = parse(response.body());
    if (status >= 200 && status < 300) {
      if (json == null) {
        throw new ProviderException("the AI provider answered without JSON", false, status, null);
      }
      return json;
    }
    boolean transientFailure = status == 429 || status == 408 || status >= 500;
    throw new ProviderException(errorMessage(json, status), transientFailure, status, null);
  }

  /** The provider's own words, for the operator's log only. */
  private static String errorMessage(JsonNode json, int status) {
    if (json != null) {
      JsonNode message = json.path("error").path("message");
      if (message.isString() && !message.asString().isBlank()) {
        return shortened(message.asString());
      }
      if (json.path("error").isString()) { // Ollama and some proxies answer {"error": "..."}
        return shortened(json.path("error").asString());
      }
    }
    return "the AI provider answered HTTP " + status;
  }

  /** A log line, not a dump: providers have answered with whole HTML error pages. */
  static String shortened(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}

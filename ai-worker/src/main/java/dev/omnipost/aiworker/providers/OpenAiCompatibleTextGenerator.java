package dev.omnipost.aiworker.providers;

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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to any server that speaks OpenAI's chat-completions wire format (OpenAI, Azure OpenAI,
 * Ollama, vLLM, OpenRouter): {@code POST {baseUrl}/chat/completions}. Rate limits, server errors
 * and timeouts are transient; other 4xx answers are permanent and carry the provider's own {@code
 * error.message}.
 */
public final class OpenAiCompatibleTextGenerator implements TextGenerator {

  public static final String NAME = "openai";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final Duration timeout;
  private final double temperature;

  public OpenAiCompatibleTextGenerator(
      String baseUrl, String apiKey, String model, Duration timeout, double temperature) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.endpoint = URI.create(base + "/chat/completions");
    this.apiKey = apiKey;
    this.model = model;
    this.timeout = timeout;
    this.temperature = temperature;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GeneratedText generate(GenerationRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(request))));
    if (apiKey != null && !apiKey.isBlank()) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new TextGenerationException(
          "the AI provider did not answer within " + timeout, true, 0, e);
    } catch (IOException e) {
      throw new TextGenerationException(
          "the AI provider could not be reached: " + e.getMessage(), true, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TextGenerationException(
          "interrupted while waiting for the AI provider", true, 0, e);
    }
    return new GeneratedText(contentOf(response), NAME);
  }

  ObjectNode body(GenerationRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", SystemPrompt.of(request));
    if (request.messages().isEmpty()) {
      messages.addObject().put("role", "user").put("content", request.prompt());
    } else {
      request
          .messages()
          .forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
    }
    body.put("max_tokens", maxTokens(request.limit()));
    body.put("temperature", temperature);
    return body;
  }

  /** Enough tokens for the limit (a token is ~4 Latin characters) with room, never unbounded. */
  private static int maxTokens(LengthLimit limit) {
    return Math.min(2048, Math.max(64, limit.max() / 2));
  }

  private static String contentOf(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json = parse(response.body());
    if (status >= 200 && status < 300) {
      JsonNode content =
          json == null ? null : json.path("choices").path(0).path("message").path("content");
      if (content == null || !content.isString() || content.asString().isBlank()) {
        throw new TextGenerationException(
            "the AI provider answered without any content", false, status, null);
      }
      return content.asString();
    }
    String message = errorMessage(json, status);
    boolean transientFailure = status == 429 || status == 408 || status >= 500;
    throw new TextGenerationException(message, transientFailure, status, null);
  }

  /** The provider's own words, for the operator's log only (see TextGenerationException). */
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
  private static String shortened(String text) {
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

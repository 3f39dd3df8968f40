package dev.omnipost.aiworker.providers.openai;

import dev.omnipost.aiworker.providers.Finding;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.ProviderException;
import dev.omnipost.aiworker.providers.TextProvider;
import dev.omnipost.aiworker.providers.WritingRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes through any server that speaks OpenAI's chat-completions wire format (OpenAI, Azure
 * OpenAI, Ollama, vLLM, OpenRouter): {@code POST {baseUrl}/chat/completions}. List-shaped answers
 * (hashtags, thread, ideas) are asked for with structured output, a JSON schema in {@code
 * response_format}, and checked against it; an answer that breaks it is asked for once more, then
 * the generation fails ({@code provider_invalid_output}) and its credits are refunded.
 */
public final class OpenAiCompatibleWriter implements TextProvider {

  public static final String NAME = "openai";

  private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleWriter.class);

  /** The most posts a thread may have, and hashtags or ideas a list. */
  static final int MAX_THREAD_POSTS = 50;

  private final OpenAiHttp http;
  private final String model;
  private final double temperature;

  public OpenAiCompatibleWriter(
      String baseUrl, String apiKey, String model, Duration timeout, double temperature) {
    this.http = new OpenAiHttp(baseUrl, apiKey, timeout);
    this.model = model;
    this.temperature = temperature;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String compose(WritingRequest request) {
    ObjectNode body = request(SystemPrompts.compose(request), maxTokens(request.limit()));
    ArrayNode messages = (ArrayNode) body.get("messages");
    if (request.messages().isEmpty()) {
      messages.addObject().put("role", "user").put("content", request.text());
    } else {
      request
          .messages()
          .forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
    }
    return text(body);
  }

  @Override
  public String rewrite(WritingRequest request) {
    return text(withUser(request(SystemPrompts.rewrite(request), maxTokens(request)), request));
  }

  @Override
  public String optimize(WritingRequest request, List<Finding> findings) {
    return text(
        withUser(request(SystemPrompts.optimize(request, findings), maxTokens(request)), request));
  }

  @Override
  public List<String> hashtags(WritingRequest request) {
    return list(
        request,
        SystemPrompts.hashtags(request),
        StructuredAnswer.listOf("hashtags", "hashtags", 1, request.count(), 100),
        512);
  }

  @Override
  public List<String> thread(WritingRequest request) {
    return list(
        request,
        SystemPrompts.thread(request),
        StructuredAnswer.listOf(
            "thread", "posts", 1, MAX_THREAD_POSTS, Math.max(1, request.limit().max() * 4)),
        maxTokens(request));
  }

  @Override
  public List<String> ideas(WritingRequest request) {
    return list(
        request,
        SystemPrompts.ideas(request),
        StructuredAnswer.listOf("ideas", "ideas", request.count(), request.count(), 500),
        1024);
  }

  private List<String> list(
      WritingRequest request, String system, StructuredAnswer answer, int maxTokens) {
    ObjectNode body = withUser(request(system, maxTokens), request);
    body.set("response_format", answer.responseFormat());
    for (int attempt = 1; attempt <= 2; attempt++) {
      String content = text(body);
      Optional<List<String>> values = answer.read(content);
      if (values.isPresent()) {
        return values.get();
      }
      log.warn(
          "AI provider {} answered {} outside its JSON schema (attempt {}/2): {}",
          NAME,
          request.tool().id(),
          attempt,
          OpenAiHttp.shortened(content));
    }
    throw ProviderException.permanent(
        ProviderException.INVALID_OUTPUT,
        "the AI provider answered twice outside the JSON schema of " + request.tool().id());
  }

  private ObjectNode request(String system, int maxTokens) {
    ObjectNode body = OpenAiHttp.JSON.createObjectNode();
    body.put("model", model);
    body.putArray("messages").addObject().put("role", "system").put("content", system);
    body.put("max_tokens", maxTokens);
    body.put("temperature", temperature);
    return body;
  }

  private static ObjectNode withUser(ObjectNode body, WritingRequest request) {
    ((ArrayNode) body.get("messages"))
        .addObject()
        .put("role", "user")
        .put("content", request.text());
    return body;
  }

  private String text(ObjectNode body) {
    JsonNode answer = http.post("/chat/completions", body);
    JsonNode content = answer.path("choices").path(0).path("message").path("content");
    if (!content.isString() || content.asString().isBlank()) {
      throw new ProviderException("the AI provider answered without any content", false, 200, null);
    }
    return content.asString();
  }

  /** Enough tokens for the limit (a token is ~4 Latin characters) with room, never unbounded. */
  private static int maxTokens(LengthLimit limit) {
    return Math.min(2048, Math.max(64, limit.max() / 2));
  }

  /** For tools that answer about as much text as they were given. */
  private static int maxTokens(WritingRequest request) {
    int input = request.text() == null ? 0 : request.text().length();
    return Math.min(8192, Math.max(maxTokens(request.limit()), input / 2));
  }
}

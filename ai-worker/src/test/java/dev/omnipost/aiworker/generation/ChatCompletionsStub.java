package dev.omnipost.aiworker.generation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local OpenAI-compatible server for the integration tests, steered by the last user message:
 * "reject:" answers 400, "flaky:" answers 503 once then succeeds, "ramble:" answers a text far over
 * X's limit, "leak:" answers 401 with an error text holding {@link #LEAKED_SECRET}; anything else
 * is echoed back as a short post.
 */
final class ChatCompletionsStub {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a provider's error text may carry: a key, an account, an internal host. */
  static final String LEAKED_SECRET = "sk-proj-LEAKED0123456789abcdef";

  private final HttpServer server;
  private final Map<String, AtomicInteger> callsByPrompt = new ConcurrentHashMap<>();

  private ChatCompletionsStub(HttpServer server) {
    this.server = server;
  }

  static ChatCompletionsStub start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ChatCompletionsStub stub = new ChatCompletionsStub(server);
      server.createContext(
          "/v1/chat/completions",
          exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            JsonNode messages = request.path("messages");
            String prompt = messages.get(messages.size() - 1).path("content").asString();
            int call =
                stub.callsByPrompt
                    .computeIfAbsent(prompt, p -> new AtomicInteger())
                    .incrementAndGet();
            int status = 200;
            String body;
            if (prompt.startsWith("reject:")) {
              status = 400;
              body =
                  "{\"error\":{\"message\":\"Your request was rejected as a result of our safety system.\",\"type\":\"invalid_request_error\",\"code\":\"content_policy_violation\"}}";
            } else if (prompt.startsWith("leak:")) {
              status = 401;
              body =
                  "{\"error\":{\"message\":\"Incorrect API key provided: "
                      + LEAKED_SECRET
                      + " for organization org-agency-internal at llm-proxy.internal:8443\","
                      + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
            } else if (prompt.startsWith("flaky:") && call == 1) {
              status = 503;
              body =
                  "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}";
            } else if (prompt.startsWith("ramble:")) {
              body =
                  completion(
                      "Our summer sale is here and it is bigger than ever before, ".repeat(12));
            } else {
              body = completion("Fresh from the stub: " + prompt + " #Stub");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String completion(String content) {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-stub")
        .put("object", "chat.completion")
        .set(
            "choices",
            JSON.createArrayNode()
                .add(
                    JSON.createObjectNode()
                        .put("index", 0)
                        .put("finish_reason", "stop")
                        .set(
                            "message",
                            JSON.createObjectNode()
                                .put("role", "assistant")
                                .put("content", content))))
        .toString();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int calls(String prompt) {
    AtomicInteger calls = callsByPrompt.get(prompt);
    return calls == null ? 0 : calls.get();
  }
}

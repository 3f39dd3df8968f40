package dev.omnipost.aiworker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ai-worker tests' one local OpenAI-compatible server: {@code POST /v1/chat/completions} and
 * {@code POST /v1/images/generations}, answered by a responder the test sets per path, with every
 * request kept (headers and JSON body) for the test to check.
 */
public final class OpenAiStub implements AutoCloseable {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String CHAT = "/v1/chat/completions";
  public static final String IMAGES = "/v1/images/generations";

  /** What the stub answers; {@code delayMillis} plays a slow server. */
  public record Answer(int status, String body, long delayMillis) {
    public static Answer ok(String body) {
      return new Answer(200, body, 0);
    }

    public static Answer status(int status, String body) {
      return new Answer(status, body, 0);
    }
  }

  /** A request as received. */
  public record Received(String method, String path, String authorization, JsonNode body) {}

  private final HttpServer server;
  private final Map<String, Function<JsonNode, Answer>> responders = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private OpenAiStub(HttpServer server) {
    this.server = server;
  }

  public static OpenAiStub start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
      OpenAiStub stub = new OpenAiStub(server);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public OpenAiStub respond(String path, Function<JsonNode, Answer> responder) {
    responders.put(path, responder);
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  /** Requests whose last message is {@code content}. */
  public long callsWithLastMessage(String content) {
    return received.stream().filter(r -> content.equals(lastMessage(r.body()))).count();
  }

  public static String lastMessage(JsonNode body) {
    JsonNode messages = body.path("messages");
    return messages.size() == 0
        ? null
        : messages.get(messages.size() - 1).path("content").asString();
  }

  /** A chat-completions answer whose first choice says {@code content}. */
  public static String completion(String content) {
    ObjectNode body =
        JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion");
    body.putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", "stop")
        .putObject("message")
        .put("role", "assistant")
        .put("content", content);
    return body.toString();
  }

  /** An images answer carrying {@code png} as {@code data[0].b64_json}. */
  public static String imageAnswer(byte[] png) {
    ObjectNode body = JSON.createObjectNode().put("created", 1_700_000_000);
    body.putArray("data")
        .addObject()
        .put("b64_json", java.util.Base64.getEncoder().encodeToString(png));
    return body.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body = raw.length == 0 ? JSON.missingNode() : JSON.readTree(raw);
    received.add(
        new Received(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Function<JsonNode, Answer> responder = responders.get(path);
    Answer answer =
        responder == null
            ? Answer.status(404, "{\"error\":{\"message\":\"no such route in the stub\"}}")
            : responder.apply(body);
    if (answer.delayMillis() > 0) {
      try {
        // the stub plays a slow server on its own thread; no test thread waits on it
        Thread.sleep(answer.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

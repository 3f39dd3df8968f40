package dev.omnipost.localstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** A subscriber's endpoint on loopback that records every webhook it receives. */
final class WebhookReceiver implements AutoCloseable {

  /** One received request: the signed headers and the exact body bytes. */
  record Delivery(Map<String, String> headers, String body) {

    JsonNode json() {
      return StackClient.JSON.readTree(body);
    }

    String type() {
      return json().path("type").asString();
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> headers =
              exchange.getRequestHeaders().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          e -> e.getKey().toLowerCase(), e -> e.getValue().get(0), (a, b) -> a));
          deliveries.add(new Delivery(headers, body));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Deliveries of {@code type} whose data mentions {@code subject} (e.g. a post id). */
  List<Delivery> received(String type, String subject) {
    return deliveries.stream()
        .filter(d -> d.type().equals(type) && d.body().contains(subject))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

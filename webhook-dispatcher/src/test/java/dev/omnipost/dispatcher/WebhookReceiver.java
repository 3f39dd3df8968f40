package dev.omnipost.dispatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A subscriber's HTTP endpoint for tests: records every request and answers per path with a
 * scripted status (by how many requests that path has had); {@code /hang} holds its answer until
 * the test releases it.
 */
public final class WebhookReceiver implements AutoCloseable {

  /**
   * One received request: lower-case header names to values, the raw body, and when it arrived
   * ({@link System#nanoTime()}).
   */
  public record Received(String path, Map<String, String> headers, byte[] body, long atNanos) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final CountDownLatch releaseHanging = new CountDownLatch(1);

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code path} with {@code statusForRequestNumber(n)} for its n-th request (1-based). */
  public String url(String path, IntUnaryOperator statusForRequestNumber) {
    scripts.put(path, statusForRequestNumber);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** An endpoint that never answers until {@link #close()}. */
  public String hangingUrl(String path) {
    return url(path, n -> -1);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> receivedAt(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    received.add(new Received(path, headers, body, System.nanoTime()));
    int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int status = scripts.getOrDefault(path, i -> 404).applyAsInt(n);
    if (status < 0) {
      try {
        releaseHanging.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      status = 200;
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    releaseHanging.countDown();
    server.stop(0);
  }
}

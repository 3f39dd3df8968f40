package dev.omnipost.publisher;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.sandbox.PlatformSandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the publisher talks to besides Kafka and PostgreSQL, one of each per test JVM: the platform
 * sandbox over real HTTP, and a tiny HTTP server standing in for the gateway's public media URLs.
 */
public final class TestPlatforms {

  public static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);

  private static final Map<String, byte[]> MEDIA = new ConcurrentHashMap<>();
  private static final HttpServer MEDIA_SERVER = startMediaServer();

  private TestPlatforms() {}

  /** What the publisher's {@code omnipost.media.public-base-url} points at. */
  public static String mediaBaseUrl() {
    return "http://localhost:" + MEDIA_SERVER.getAddress().getPort();
  }

  /** Serves {@code bytes} at {@code <mediaBaseUrl>/media/<publicToken>}. */
  public static void serveMedia(String publicToken, byte[] bytes) {
    MEDIA.put(publicToken, bytes);
  }

  private static HttpServer startMediaServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/media/",
          exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/media/".length());
            byte[] body = MEDIA.get(token);
            if (body == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.getResponseHeaders().add("Content-Type", "image/png");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.omnipost.publisher;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.sandbox.PlatformSandbox;
import dev.omnipost.sandbox.control.SandboxControl;
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

  /** How long after an injected 429 the sandbox's Mastodon says its rate limit resets. */
  public static final int RATE_LIMIT_RESET_SECONDS = 3;

  /** The platform sandbox on a free port. */
  public static final Sandbox SANDBOX = Sandbox.start();

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

  /** The running sandbox: its URLs and its control API, in-process. */
  public record Sandbox(String baseUrl, SandboxControl control) {

    static Sandbox start() {
      PlatformSandbox sandbox =
          PlatformSandbox.start(
              0,
              "omnipost.sandbox.mastodon.rate-limited-retry-after="
                  + RATE_LIMIT_RESET_SECONDS
                  + "s");
      return new Sandbox(sandbox.baseUrl(), sandbox.control());
    }

    public int port() {
      return java.net.URI.create(baseUrl).getPort();
    }

    public String mastodonInstanceUrl() {
      return baseUrl + "/mastodon";
    }

    public String instagramGraphUrl() {
      return baseUrl + "/instagram/v21.0";
    }
  }
}

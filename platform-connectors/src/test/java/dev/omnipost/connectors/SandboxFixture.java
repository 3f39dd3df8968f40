package dev.omnipost.connectors;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.sandbox.PlatformSandbox;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One platform sandbox per test JVM on a free port, plus a tiny HTTP server holding the images
 * posts point at (Instagram fetches them from a public URL; Mastodon's connector re-uploads them).
 */
public final class SandboxFixture {

  public static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);
  public static final byte[] JPEG = {
    (byte) 0xFF,
    (byte) 0xD8,
    (byte) 0xFF,
    (byte) 0xE0,
    0,
    0x10,
    'J',
    'F',
    'I',
    'F',
    0,
    (byte) 0xFF,
    (byte) 0xD9
  };
  public static final byte[] MP4 = mp4();
  private static final HttpServer IMAGES = startImageServer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SandboxFixture() {}

  /**
   * The Mastodon instances' SSRF guard of these tests: loopback's 127.0.0.1 (the sandbox, on any
   * port) is allow-listed, the rest of 127.0.0.0/8 is not.
   */
  public static final EgressGuard INSTANCE_GUARD =
      new EgressGuard(java.util.List.of("127.0.0.1/32", "::1/128"));

  /** Connectors pointed at the sandbox, patient enough for tests and quick to poll. */
  public static PlatformConnectors connectors() {
    return PlatformConnectors.create(
        new ConnectorSettings(
            Map.of(
                Platform.INSTAGRAM.id(), SANDBOX.instagramGraphUrl(),
                Platform.TWITTER.id(), SANDBOX.xApiUrl(),
                Platform.LINKEDIN.id(), SANDBOX.linkedinApiUrl(),
                Platform.PINTEREST.id(), SANDBOX.pinterestApiUrl(),
                Platform.BLUESKY.id(), SANDBOX.blueskyPdsUrl(),
                Platform.THREADS.id(), SANDBOX.threadsApiUrl(),
                Platform.FACEBOOK.id(), SANDBOX.facebookGraphUrl(),
                Platform.TIKTOK.id(), SANDBOX.tiktokApiUrl(),
                Platform.YOUTUBE.id(), SANDBOX.youtubeApiUrl(),
                Platform.GOOGLE_BUSINESS.id(), SANDBOX.googleBusinessApiUrl()),
            Duration.ofSeconds(5),
            Duration.ofMillis(20),
            Duration.ofSeconds(5),
            ConnectorSettings.DEFAULT_RECENT_MEDIA_LIMIT),
        INSTANCE_GUARD);
  }

  /** A tiny MP4 (an {@code ftyp} box and padding) at a URL, for the platforms that take video. */
  public static String videoUrl() {
    return "http://localhost:" + IMAGES.getAddress().getPort() + "/clip.mp4";
  }

  /** Serves {@code bytes} at {@code path} on the media server (larger or odd test files). */
  public static String serve(String path, String contentType, byte[] bytes) {
    try {
      IMAGES.removeContext(path);
    } catch (IllegalArgumentException notYetServed) {
      // first time
    }
    IMAGES.createContext(
        path,
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", contentType);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    return "http://localhost:" + IMAGES.getAddress().getPort() + path;
  }

  public static String imageUrl() {
    return "http://localhost:" + IMAGES.getAddress().getPort() + "/photo.jpg";
  }

  public static void register(String platform, String accountId, String username, String token) {
    SANDBOX.control().registerAccount(new SandboxAccount(platform, accountId, username, token));
  }

  /** Calls the control API over HTTP, as the local stack and scripts do; returns the body. */
  public static String control(String path, String json) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(SANDBOX.baseUrl() + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code GET} on the control API; returns the body. */
  public static String get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(SANDBOX.baseUrl() + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static AccountCredentials credentials(
      Platform platform,
      String accountId,
      String username,
      String token,
      Map<String, String> settings) {
    return new AccountCredentials(
        "acc-" + accountId, platform, accountId, username, token, settings);
  }

  private static byte[] mp4() {
    byte[] bytes = new byte[10_000];
    byte[] box = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(box, 0, bytes, 0, box.length);
    return bytes;
  }

  private static HttpServer startImageServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/photo.jpg",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, JPEG.length);
            exchange.getResponseBody().write(JPEG);
            exchange.close();
          });
      server.createContext(
          "/clip.mp4",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, MP4.length);
            exchange.getResponseBody().write(MP4);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

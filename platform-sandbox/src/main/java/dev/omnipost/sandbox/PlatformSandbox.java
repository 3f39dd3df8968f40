package dev.omnipost.sandbox;

import dev.omnipost.sandbox.control.SandboxControl;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox started in-process, for tests and the local stack: {@code try (var sandbox =
 * PlatformSandbox.start(0)) { ... sandbox.mastodonInstanceUrl() ... }}.
 */
public final class PlatformSandbox implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final int port;

  private PlatformSandbox(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /**
   * Starts the sandbox on {@code port} (0 for any free port) with extra Spring properties ({@code
   * name=value}). They are passed as command-line arguments so they win over the sandbox's own
   * settings file.
   */
  public static PlatformSandbox start(int port, String... properties) {
    String[] args = new String[properties.length + 1];
    args[0] = "--server.port=" + port;
    for (int i = 0; i < properties.length; i++) {
      args[i + 1] = "--" + properties[i];
    }
    ConfigurableApplicationContext context =
        PlatformSandboxApplication.builder().web(WebApplicationType.REACTIVE).run(args);
    return new PlatformSandbox(context);
  }

  public int port() {
    return port;
  }

  /** E.g. {@code http://localhost:8090}. */
  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** A Mastodon account's {@code instance_url}. */
  public String mastodonInstanceUrl() {
    return baseUrl() + "/mastodon";
  }

  /** The Instagram Graph API base URL, like {@code https://graph.facebook.com/v21.0}. */
  public String instagramGraphUrl() {
    return baseUrl() + "/instagram/v21.0";
  }

  /**
   * The X API root, like {@code https://api.x.com} (paths {@code /2/tweets}, {@code
   * /2/media/upload}).
   */
  public String xApiUrl() {
    return baseUrl() + "/x";
  }

  /** The LinkedIn API root, like {@code https://api.linkedin.com} (paths {@code /rest/posts}). */
  public String linkedinApiUrl() {
    return baseUrl() + "/linkedin";
  }

  /** The Pinterest API root, like {@code https://api.pinterest.com/v5}. */
  public String pinterestApiUrl() {
    return baseUrl() + "/pinterest/v5";
  }

  /** The Bluesky PDS, like {@code https://bsky.social} (paths {@code /xrpc/...}). */
  public String blueskyPdsUrl() {
    return baseUrl() + "/bluesky";
  }

  /** The Threads API root, like {@code https://graph.threads.net/v1.0}. */
  public String threadsApiUrl() {
    return baseUrl() + "/threads/v1.0";
  }

  /** The Facebook Graph API root for Pages, like {@code https://graph.facebook.com/v21.0}. */
  public String facebookGraphUrl() {
    return baseUrl() + "/facebook/v21.0";
  }

  /** The TikTok API root, like {@code https://open.tiktokapis.com} (paths {@code /v2/...}). */
  public String tiktokApiUrl() {
    return baseUrl() + "/tiktok";
  }

  /**
   * The YouTube root, like {@code https://www.googleapis.com} (paths {@code /youtube/v3/...} and
   * {@code /upload/youtube/v3/videos}).
   */
  public String youtubeApiUrl() {
    return baseUrl() + "/youtube";
  }

  /** The Google Business Profile root, like {@code https://mybusiness.googleapis.com}. */
  public String googleBusinessApiUrl() {
    return baseUrl() + "/google-business";
  }

  /** Registers accounts, lists posts, injects failures, resets: the control API in-process. */
  public SandboxControl control() {
    return context.getBean(SandboxControl.class);
  }

  /** The sandbox's state on disk, if it has a state directory (ADR 23). */
  public dev.omnipost.sandbox.state.SandboxState state() {
    return context.getBean(dev.omnipost.sandbox.state.SandboxState.class);
  }

  @Override
  public void close() {
    context.close();
  }
}

package dev.omnipost.connectors;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platforms live and how patient connectors are with them: {@code omnipost.platforms.*},
 * bound once by each service that calls platforms. Pointing a connector at the platform sandbox
 * instead of the real platform only changes its entry in {@code baseUrls} (Mastodon's URL is per
 * account).
 *
 * @param baseUrls API roots by platform id ({@code omnipost.platforms.base-urls.instagram=...}); a
 *     platform left out talks to its real API ({@link #DEFAULT_BASE_URLS})
 * @param httpTimeout for connecting and for each answer
 * @param processingPollInterval between two looks at media the platform is still processing
 * @param processingTimeout how long the blocking {@code publish()} of tools and tests waits for
 *     media processing before giving up (transient: the next attempt starts again)
 * @param recentMediaLimit how many recent posts comment syncing looks at
 */
@ConfigurationProperties("omnipost.platforms")
public record ConnectorSettings(
    Map<String, String> baseUrls,
    @DefaultValue("10s") Duration httpTimeout,
    @DefaultValue("500ms") Duration processingPollInterval,
    @DefaultValue("60s") Duration processingTimeout,
    @DefaultValue("25") int recentMediaLimit) {

  /** The platforms' own API roots, used where {@code baseUrls} does not say otherwise. */
  public static final Map<Platform, String> DEFAULT_BASE_URLS = defaultBaseUrls();

  public static final int DEFAULT_RECENT_MEDIA_LIMIT = 25;

  public ConnectorSettings {
    baseUrls = baseUrls == null ? Map.of() : Map.copyOf(baseUrls);
    for (String platform : baseUrls.keySet()) {
      if (Platform.fromId(platform).isEmpty()) {
        throw new IllegalArgumentException(
            "omnipost.platforms.base-urls."
                + platform
                + ": unknown platform; known: "
                + Platform.ids());
      }
    }
    httpTimeout = httpTimeout == null ? Duration.ofSeconds(10) : httpTimeout;
    processingPollInterval =
        processingPollInterval == null ? Duration.ofMillis(500) : processingPollInterval;
    processingTimeout = processingTimeout == null ? Duration.ofSeconds(60) : processingTimeout;
    recentMediaLimit = recentMediaLimit <= 0 ? DEFAULT_RECENT_MEDIA_LIMIT : recentMediaLimit;
  }

  /** The real platforms, 10 s HTTP timeout, media polled every 500 ms. */
  public static ConnectorSettings defaults() {
    return new ConnectorSettings(Map.of(), null, null, null, DEFAULT_RECENT_MEDIA_LIMIT);
  }

  /** The API root connectors use for {@code platform}; null for Mastodon (per account). */
  public String baseUrl(Platform platform) {
    String configured = baseUrls.get(platform.id());
    return configured != null ? configured : DEFAULT_BASE_URLS.get(platform);
  }

  /** A copy with {@code platform} pointed at {@code url}, e.g. the sandbox in tests. */
  public ConnectorSettings withBaseUrl(Platform platform, String url) {
    Map<String, String> urls = new java.util.HashMap<>(baseUrls);
    urls.put(platform.id(), url);
    return new ConnectorSettings(
        urls, httpTimeout, processingPollInterval, processingTimeout, recentMediaLimit);
  }

  private static Map<Platform, String> defaultBaseUrls() {
    Map<Platform, String> urls = new EnumMap<>(Platform.class);
    urls.put(Platform.INSTAGRAM, "https://graph.facebook.com/v21.0");
    urls.put(Platform.FACEBOOK, "https://graph.facebook.com/v21.0");
    urls.put(Platform.THREADS, "https://graph.threads.net/v1.0");
    urls.put(Platform.TWITTER, "https://api.x.com");
    urls.put(Platform.LINKEDIN, "https://api.linkedin.com");
    urls.put(Platform.TIKTOK, "https://open.tiktokapis.com");
    urls.put(Platform.YOUTUBE, "https://www.googleapis.com");
    urls.put(Platform.PINTEREST, "https://api.pinterest.com/v5");
    urls.put(Platform.BLUESKY, "https://bsky.social");
    urls.put(Platform.GOOGLE_BUSINESS, "https://mybusiness.googleapis.com");
    return java.util.Collections.unmodifiableMap(urls);
  }
}

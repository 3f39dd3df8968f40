package dev.omnipost.connectors;

import java.time.Duration;

/**
 * Where the platforms live and how patient connectors are with them; services bind these from their
 * own configuration. Pointing a connector at the platform sandbox instead of the real platform only
 * changes {@code instagramGraphBaseUrl} (Mastodon's URL is per account).
 *
 * @param instagramGraphBaseUrl e.g. {@code https://graph.facebook.com/v21.0}, or the sandbox's
 *     {@code http://localhost:8090/instagram/v21.0}
 * @param httpTimeout for connecting and for each answer
 * @param processingPollInterval between two looks at media the platform is still processing
 * @param processingTimeout how long one publish waits for media processing before giving up
 *     (transient: the next attempt starts again)
 * @param recentMediaLimit how many recent posts comment syncing looks at
 */
public record ConnectorSettings(
    String instagramGraphBaseUrl,
    Duration httpTimeout,
    Duration processingPollInterval,
    Duration processingTimeout,
    int recentMediaLimit) {

  public static final String DEFAULT_INSTAGRAM_GRAPH_BASE_URL = "https://graph.facebook.com/v21.0";
  public static final int DEFAULT_RECENT_MEDIA_LIMIT = 25;

  public ConnectorSettings {
    if (instagramGraphBaseUrl == null || instagramGraphBaseUrl.isBlank()) {
      instagramGraphBaseUrl = DEFAULT_INSTAGRAM_GRAPH_BASE_URL;
    }
    httpTimeout = httpTimeout == null ? Duration.ofSeconds(30) : httpTimeout;
    processingPollInterval =
        processingPollInterval == null ? Duration.ofSeconds(2) : processingPollInterval;
    processingTimeout = processingTimeout == null ? Duration.ofMinutes(2) : processingTimeout;
    recentMediaLimit = recentMediaLimit <= 0 ? DEFAULT_RECENT_MEDIA_LIMIT : recentMediaLimit;
  }

  public ConnectorSettings(
      String instagramGraphBaseUrl,
      Duration httpTimeout,
      Duration processingPollInterval,
      Duration processingTimeout) {
    this(
        instagramGraphBaseUrl,
        httpTimeout,
        processingPollInterval,
        processingTimeout,
        DEFAULT_RECENT_MEDIA_LIMIT);
  }

  /** The real platforms, 30 s HTTP timeout, media polled every 2 s for up to 2 minutes. */
  public static ConnectorSettings defaults() {
    return new ConnectorSettings(null, null, null, null, DEFAULT_RECENT_MEDIA_LIMIT);
  }

  public ConnectorSettings withInstagramGraphBaseUrl(String url) {
    return new ConnectorSettings(
        url, httpTimeout, processingPollInterval, processingTimeout, recentMediaLimit);
  }
}

package dev.omnipost.connectors;

import dev.omnipost.connectors.bluesky.BlueskyConnector;
import dev.omnipost.connectors.facebook.FacebookConnector;
import dev.omnipost.connectors.googlebusiness.GoogleBusinessConnector;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.instagram.InstagramConnector;
import dev.omnipost.connectors.linkedin.LinkedInConnector;
import dev.omnipost.connectors.mastodon.MastodonConnector;
import dev.omnipost.connectors.pinterest.PinterestConnector;
import dev.omnipost.connectors.threads.ThreadsConnector;
import dev.omnipost.connectors.tiktok.TikTokConnector;
import dev.omnipost.connectors.x.XConnector;
import dev.omnipost.connectors.youtube.YouTubeConnector;
import dev.omnipost.egress.EgressGuard;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.client.RestClient;

/**
 * The connectors a service can use, by platform. Services declare one as a bean: {@code
 * PlatformConnectors.create(settings)}; tests can assemble their own with {@link
 * #of(PlatformConnector...)}.
 */
public final class PlatformConnectors {

  private final Map<Platform, PlatformConnector> byPlatform;

  public PlatformConnectors(Collection<? extends PlatformConnector> connectors) {
    Map<Platform, PlatformConnector> map = new EnumMap<>(Platform.class);
    for (PlatformConnector connector : connectors) {
      if (map.put(connector.platform(), connector) != null) {
        throw new IllegalArgumentException("two connectors for " + connector.platform().id());
      }
    }
    this.byPlatform = Collections.unmodifiableMap(map);
  }

  /**
   * Every connector, with a guard that reaches public addresses only: a Mastodon instance on a
   * private network (a sandbox) is refused. Services pass their own guard to {@link
   * #create(ConnectorSettings, EgressGuard)}.
   */
  public static PlatformConnectors create(ConnectorSettings settings) {
    return create(settings, new EgressGuard(List.of()));
  }

  /**
   * Every connector this library has, sharing one HTTP client for the platforms' fixed hosts; hosts
   * a tenant chose (Mastodon instances) are called through {@code instanceGuard}, the service's
   * SSRF guard with its allow-list ({@code omnipost.egress.allowed-networks} plus {@code
   * omnipost.oauth.instance-networks}).
   */
  public static PlatformConnectors create(ConnectorSettings settings, EgressGuard instanceGuard) {
    RestClient client = PlatformHttp.restClient(settings.httpTimeout());
    RestClient instances = PlatformHttp.guardedRestClient(settings.httpTimeout(), instanceGuard);
    return of(
        new MastodonConnector(
            client, instances, settings.processingPollInterval(), settings.processingTimeout()),
        new InstagramConnector(
            client,
            settings.baseUrl(Platform.INSTAGRAM),
            settings.processingPollInterval(),
            settings.processingTimeout(),
            settings.recentMediaLimit()),
        new XConnector(
            client,
            settings.baseUrl(Platform.TWITTER),
            settings.processingPollInterval(),
            settings.processingTimeout()),
        new LinkedInConnector(
            client,
            settings.baseUrl(Platform.LINKEDIN),
            settings.processingPollInterval(),
            settings.processingTimeout(),
            settings.recentMediaLimit()),
        new PinterestConnector(
            client,
            settings.baseUrl(Platform.PINTEREST),
            settings.processingPollInterval(),
            settings.processingTimeout()),
        new BlueskyConnector(
            client,
            settings.baseUrl(Platform.BLUESKY),
            settings.processingTimeout(),
            settings.recentMediaLimit()),
        new ThreadsConnector(
            client,
            settings.baseUrl(Platform.THREADS),
            settings.processingPollInterval(),
            settings.processingTimeout(),
            settings.recentMediaLimit()),
        new FacebookConnector(
            client,
            settings.baseUrl(Platform.FACEBOOK),
            settings.processingPollInterval(),
            settings.processingTimeout(),
            settings.recentMediaLimit()),
        new TikTokConnector(
            client,
            settings.baseUrl(Platform.TIKTOK),
            settings.processingPollInterval(),
            settings.processingTimeout()),
        new YouTubeConnector(
            client,
            settings.baseUrl(Platform.YOUTUBE),
            settings.processingPollInterval(),
            settings.processingTimeout(),
            settings.httpTimeout()),
        new GoogleBusinessConnector(client, settings.baseUrl(Platform.GOOGLE_BUSINESS)));
  }

  public static PlatformConnectors of(PlatformConnector... connectors) {
    return new PlatformConnectors(List.of(connectors));
  }

  /** The platform's connector; empty while Omnipost cannot publish there yet. */
  public Optional<PlatformConnector> forPlatform(Platform platform) {
    return Optional.ofNullable(byPlatform.get(platform));
  }

  public Set<Platform> platforms() {
    return byPlatform.keySet();
  }
}

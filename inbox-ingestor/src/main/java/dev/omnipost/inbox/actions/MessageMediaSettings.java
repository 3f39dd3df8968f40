package dev.omnipost.inbox.actions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where platforms fetch the media of a direct-message answer ({@code
 * omnipost.media.public-base-url}, the gateway's public address, as the publisher-worker's).
 */
@ConfigurationProperties("omnipost.media")
public record MessageMediaSettings(@DefaultValue("http://localhost:8080") String publicBaseUrl) {

  /** The public URL of one media file. */
  String urlOf(String publicToken) {
    String base =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    return base + "/media/" + publicToken;
  }
}

package dev.omnipost.publisher;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where platforms fetch a post's media ({@code omnipost.media.public-base-url}): the gateway serves
 * each file without auth at {@code <public-base-url>/media/<public_token>}.
 */
@ConfigurationProperties("omnipost.media")
public record MediaSettings(@DefaultValue("http://localhost:8080") String publicBaseUrl) {

  /** The public URL of one media file. */
  public String urlOf(String publicToken) {
    String base =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    return base + "/media/" + publicToken;
  }
}

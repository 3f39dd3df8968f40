package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.SandboxProperties;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Fetches a container's media URL, as Instagram does: the URL must be reachable over HTTP and
 * answer with an image (or a video for reels).
 */
@Component
class MediaFetcher {

  private final WebClient client;
  private final SandboxProperties.Instagram settings;

  MediaFetcher(WebClient mediaFetchClient, SandboxProperties properties) {
    this.client = mediaFetchClient;
    this.settings = properties.instagram();
  }

  /** The fetched media's content type; empty when it could not be fetched at all. */
  Mono<MediaType> fetch(String url) {
    return Mono.defer(
            () -> {
              URI uri = URI.create(url);
              if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return Mono.<MediaType>empty();
              }
              return client
                  .get()
                  .uri(uri)
                  .exchangeToMono(
                      response -> {
                        if (!response.statusCode().is2xxSuccessful()) {
                          return response.releaseBody().then(Mono.<MediaType>empty());
                        }
                        MediaType type =
                            response
                                .headers()
                                .contentType()
                                .orElse(MediaType.APPLICATION_OCTET_STREAM);
                        return response.releaseBody().thenReturn(type);
                      });
            })
        .timeout(settings.mediaFetchTimeout())
        .onErrorResume(e -> Mono.empty());
  }
}

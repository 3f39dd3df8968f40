package dev.omnipost.sandbox.meta;

import java.net.URI;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Fetches the media URL a Graph call names, as Meta does before it accepts a photo or starts
 * processing a video: {@link Kind#UNREACHABLE} when it cannot be fetched, else what the bytes are.
 */
@Component
public class MediaProbe {

  /** What a URL turned out to hold. */
  public enum Kind {
    IMAGE,
    VIDEO,
    OTHER,
    UNREACHABLE
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final WebClient client;

  MediaProbe(WebClient mediaFetchClient) {
    this.client = mediaFetchClient;
  }

  public Mono<Kind> probe(String url) {
    return Mono.defer(
            () -> {
              URI uri = URI.create(url);
              if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return Mono.just(Kind.UNREACHABLE);
              }
              return client
                  .get()
                  .uri(uri)
                  .exchangeToMono(
                      response -> {
                        if (!response.statusCode().is2xxSuccessful()) {
                          return response.releaseBody().thenReturn(Kind.UNREACHABLE);
                        }
                        String type =
                            response.headers().contentType().map(t -> t.getType()).orElse("");
                        return response
                            .bodyToMono(byte[].class)
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> kind(type, bytes));
                      });
            })
        .timeout(TIMEOUT)
        .onErrorReturn(Kind.UNREACHABLE);
  }

  /** A video is only a video if it has an MP4/MOV {@code ftyp} box, whatever its content type. */
  private static Kind kind(String type, byte[] bytes) {
    boolean ftyp = bytes.length >= 8 && new String(bytes, 4, 4).equals("ftyp");
    if (ftyp) {
      return Kind.VIDEO;
    }
    return type.equals("image") ? Kind.IMAGE : Kind.OTHER;
  }
}

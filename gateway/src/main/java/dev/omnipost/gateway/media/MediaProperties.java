package dev.omnipost.gateway.media;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where uploaded media lives and how the platforms reach it.
 *
 * @param storageDir the directory files are written to (durably: temp file, fsync, atomic move)
 * @param publicBaseUrl the gateway's public URL; a file's URL is {@code
 *     <publicBaseUrl>/media/<token>}
 * @param maxBytes the largest upload accepted (videos included; streamed to disk, never held in
 *     memory); larger ones answer 413. Each platform's own, smaller limits are findings of its rule
 *     book
 */
@ConfigurationProperties("omnipost.media")
public record MediaProperties(
    @DefaultValue("./.omnipost/media") Path storageDir,
    @DefaultValue("http://localhost:8080") String publicBaseUrl,
    @DefaultValue("512MB") DataSize maxBytes) {

  /** The URL a platform fetches the file with this public token from. */
  public String publicUrl(String publicToken) {
    String base =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    return base + "/media/" + publicToken;
  }
}

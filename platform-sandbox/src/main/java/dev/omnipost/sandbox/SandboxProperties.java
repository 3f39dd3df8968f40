package dev.omnipost.sandbox;

import dev.omnipost.sandbox.control.SandboxLatency;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated platforms behave. Values the platforms' documentation disagrees on (or leaves
 * open) are settings, so tests can choose.
 */
@ConfigurationProperties("omnipost.sandbox")
public record SandboxProperties(
    @DefaultValue Mastodon mastodon,
    @DefaultValue Instagram instagram,
    Map<String, PlatformLatency> latency) {

  public SandboxProperties {
    latency = latency == null ? Map.of() : Map.copyOf(latency);
  }

  /**
   * The latency settings by platform id ({@code omnipost.sandbox.latency.<platform>.fixed|jitter});
   * a platform left out answers without delay.
   */
  public Map<String, SandboxLatency.Setting> latencies() {
    Map<String, SandboxLatency.Setting> settings = new java.util.HashMap<>();
    latency.forEach((platform, delay) -> settings.put(platform, delay.toSetting()));
    return settings;
  }

  /**
   * @param fixed added to every call
   * @param jitter a uniform random extra between 0 and this
   */
  public record PlatformLatency(
      @DefaultValue("0ms") Duration fixed, @DefaultValue("0ms") Duration jitter) {

    SandboxLatency.Setting toSetting() {
      return new SandboxLatency.Setting(fixed, jitter);
    }
  }

  /**
   * @param characterLimit the instance's {@code max_characters}
   * @param rateLimit requests per token per window (Mastodon: 300 per 5 minutes)
   * @param mediaPollsBeforeReady how many {@code GET /api/v1/media/{id}} answer 206 before the
   *     upload is processed (0: the upload answers 200 at once)
   * @param idempotencyWindow how long an {@code Idempotency-Key} is remembered
   * @param rateLimitedRetryAfter when an injected 429 says the limit resets
   */
  public record Mastodon(
      @DefaultValue("500") int characterLimit,
      @DefaultValue("300") int rateLimit,
      @DefaultValue("5m") Duration rateLimitWindow,
      @DefaultValue("1") int mediaPollsBeforeReady,
      @DefaultValue("1h") Duration idempotencyWindow,
      @DefaultValue("60s") Duration rateLimitedRetryAfter) {}

  /**
   * @param containerPollsBeforeFinished how many status polls answer IN_PROGRESS
   * @param containerProcessingTime the least time a container stays IN_PROGRESS
   * @param captionLimit characters allowed in a caption
   * @param publishLimit posts per account per 24 h ({@code content_publishing_limit})
   * @param mediaFetchTimeout how long the sandbox waits for an {@code image_url}
   */
  public record Instagram(
      @DefaultValue("1") int containerPollsBeforeFinished,
      @DefaultValue("0ms") Duration containerProcessingTime,
      @DefaultValue("2200") int captionLimit,
      @DefaultValue("50") int publishLimit,
      @DefaultValue("5s") Duration mediaFetchTimeout) {}
}

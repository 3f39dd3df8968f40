package dev.omnipost.aiworker;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ai-worker ({@code omnipost.ai.*}).
 *
 * @param provider who writes text: {@code offline} (no network, the default) or {@code openai} (any
 *     OpenAI-compatible chat-completions server)
 * @param imageProvider who makes images: {@code offline}, {@code openai} or {@code none} (image
 *     generations fail with {@code unsupported_type}, refunded); empty means the same as {@code
 *     provider}
 * @param maxAttempts deliveries of a generation when the provider fails transiently (429, 5xx,
 *     timeouts): the first and its retries through the retry topics
 * @param retryBackoff delay before the first retry, doubled for each further one
 * @param maxRetryBackoff the longest delay between two retries
 * @param pendingTimeout a generation still pending after this long is failed and refunded by the
 *     sweeper (longer than all retries and provider timeouts together)
 * @param sweepInterval how often the sweeper looks
 * @param openai where and how to reach the OpenAI-compatible server
 */
@ConfigurationProperties("omnipost.ai")
public record AiProperties(
    @DefaultValue("offline") String provider,
    @DefaultValue("") String imageProvider,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("1s") Duration retryBackoff,
    @DefaultValue("30s") Duration maxRetryBackoff,
    @DefaultValue("10m") Duration pendingTimeout,
    @DefaultValue("30s") Duration sweepInterval,
    @DefaultValue OpenAi openai) {

  /** The image provider's name, {@link #provider()} when none is set. */
  public String effectiveImageProvider() {
    return imageProvider == null || imageProvider.isBlank() ? provider : imageProvider;
  }

  /**
   * @param baseUrl e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama)
   * @param apiKey sent as a Bearer token; may be empty for local servers
   * @param model the chat model the server knows
   * @param timeout connect and whole-response timeout of one call
   * @param temperature sampling temperature sent with each chat request
   * @param imageModel the image model ({@code POST /images/generations})
   * @param imageSizes the sizes the image model makes; the nearest in shape is asked for, then
   *     scaled and cropped to the platform's size
   * @param imageResponseFormat sent as {@code response_format}; blank for models that refuse the
   *     parameter and always answer base64 (gpt-image-1)
   */
  public record OpenAi(
      @DefaultValue("https://api.openai.com/v1") String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("gpt-4o-mini") String model,
      @DefaultValue("30s") Duration timeout,
      @DefaultValue("0.7") double temperature,
      @DefaultValue("dall-e-3") String imageModel,
      @DefaultValue({"1024x1024", "1792x1024", "1024x1792"}) List<String> imageSizes,
      @DefaultValue("b64_json") String imageResponseFormat) {

    @Override
    public String toString() {
      return "OpenAi[baseUrl="
          + baseUrl
          + ", model="
          + model
          + ", imageModel="
          + imageModel
          + ", timeout="
          + timeout
          + "]";
    }
  }
}

package dev.omnipost.aiworker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ai-worker ({@code omnipost.ai.*}).
 *
 * @param provider {@code offline} (no network, the default) or {@code openai} (any
 *     OpenAI-compatible chat-completions server)
 * @param maxAttempts provider calls per generation when failures are transient (429, 5xx, timeouts)
 * @param retryBackoff pause before the second attempt, doubled for each further one
 * @param openai where and how to reach the OpenAI-compatible server
 */
@ConfigurationProperties("omnipost.ai")
public record AiProperties(
    @DefaultValue("offline") String provider,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("500ms") Duration retryBackoff,
    @DefaultValue OpenAi openai) {

  /**
   * @param baseUrl e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama)
   * @param apiKey sent as a Bearer token; may be empty for local servers
   * @param model the model name the server knows
   * @param timeout connect and whole-response timeout of one call
   * @param temperature sampling temperature sent with each request
   */
  public record OpenAi(
      @DefaultValue("https://api.openai.com/v1") String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("gpt-4o-mini") String model,
      @DefaultValue("30s") Duration timeout,
      @DefaultValue("0.7") double temperature) {

    @Override
    public String toString() {
      return "OpenAi[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + "]";
    }
  }
}

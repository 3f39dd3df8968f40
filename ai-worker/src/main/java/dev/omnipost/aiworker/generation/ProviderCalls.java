package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.AiProperties;
import dev.omnipost.aiworker.providers.GeneratedText;
import dev.omnipost.aiworker.providers.GenerationRequest;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.TextFitter;
import dev.omnipost.aiworker.providers.TextGenerationException;
import dev.omnipost.aiworker.providers.TextGenerator;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls the configured provider with a bounded retry for transient failures and makes sure the
 * result fits the platform: a too-long answer is asked for again with a tighter limit, then cut at
 * a word or grapheme boundary.
 */
@Component
class ProviderCalls {

  private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

  private final TextGenerator generator;
  private final int maxAttempts;
  private final Duration backoff;

  ProviderCalls(TextGenerator generator, AiProperties properties) {
    this.generator = generator;
    this.maxAttempts = Math.max(1, properties.maxAttempts());
    this.backoff = properties.retryBackoff();
  }

  String providerName() {
    return generator.name();
  }

  GeneratedText generateWithinLimit(GenerationRequest request) {
    GeneratedText first = generateWithRetry(request);
    LengthLimit limit = request.limit();
    if (limit.fits(first.content().strip())) {
      return new GeneratedText(first.content().strip(), first.provider());
    }
    LengthLimit tighter = new LengthLimit(limit.max() * 3 / 4, limit.counter(), limit.unit());
    GeneratedText second = generateWithRetry(request.withLimit(tighter));
    return new GeneratedText(TextFitter.fit(second.content(), limit), second.provider());
  }

  private GeneratedText generateWithRetry(GenerationRequest request) {
    Duration pause = backoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return generator.generate(request);
      } catch (TextGenerationException e) {
        if (!e.isTransient() || attempt >= maxAttempts) {
          throw e;
        }
        log.warn(
            "AI provider {} failed transiently (attempt {}/{}): {}",
            generator.name(),
            attempt,
            maxAttempts,
            e.getMessage());
        pause(pause);
        pause = pause.multipliedBy(2);
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TextGenerationException("interrupted while retrying the AI provider", false, 0, e);
    }
  }
}

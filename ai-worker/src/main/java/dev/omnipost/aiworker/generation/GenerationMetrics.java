package dev.omnipost.aiworker.generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.ai.generations} (counter) and {@code omnipost.ai.generation.duration} (timer),
 * both tagged with provider and outcome ({@code completed}, {@code failed}).
 */
@Component
class GenerationMetrics {

  private final MeterRegistry registry;

  GenerationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String provider, String outcome, Duration duration) {
    Counter.builder("omnipost.ai.generations")
        .description("AI generations finished, by provider and outcome")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("omnipost.ai.generation.duration")
        .description("Time from picking up a generation to storing its result")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .register(registry)
        .record(duration);
  }
}

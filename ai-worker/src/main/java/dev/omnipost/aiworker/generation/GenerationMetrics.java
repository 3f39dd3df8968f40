package dev.omnipost.aiworker.generation;

import dev.omnipost.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.ai.generations} (counter of finished generations) and {@code
 * omnipost.ai.generation.duration} (timer of one attempt that finished it), tagged with provider,
 * tool and outcome ({@code completed}, {@code failed}); {@code omnipost.ai.generation.retries}
 * counts transient failures handed on (to the retry topics, after the last attempt the dead
 * letters); {@code omnipost.ai.generations.swept} the generations the sweeper failed.
 */
@Component
class GenerationMetrics {

  private final MeterRegistry registry;

  private final Counter deadLetters;

  GenerationMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.deadLetters =
        Counter.builder("omnipost.kafka.dead_letters")
            .description("Messages that reached a dead-letter topic, by topic")
            .tag("topic", Topics.AI_GENERATION_REQUESTS + "-dlt")
            .register(registry);
  }

  /** A request used up its retry topics and reached the dead-letter topic. */
  void deadLettered() {
    deadLetters.increment();
  }

  void finished(String provider, String tool, String outcome, Duration duration) {
    counted(provider, tool, outcome);
    Timer.builder("omnipost.ai.generation.duration")
        .description("Time from picking up a generation to storing its result, in one attempt")
        .tag("provider", provider)
        .tag("tool", tool)
        .tag("outcome", outcome)
        .register(registry)
        .record(duration);
  }

  /** A generation failed outside an attempt: its retries ran out, or it was swept. */
  void counted(String provider, String tool, String outcome) {
    Counter.builder("omnipost.ai.generations")
        .description("AI generations finished, by provider, tool and outcome")
        .tag("provider", provider)
        .tag("tool", tool)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void retried(String provider, String tool) {
    Counter.builder("omnipost.ai.generation.retries")
        .description("Transient provider failures handed to the retry topics")
        .tag("provider", provider)
        .tag("tool", tool)
        .register(registry)
        .increment();
  }

  void swept(int count) {
    Counter.builder("omnipost.ai.generations.swept")
        .description("Generations failed and refunded for being pending too long")
        .register(registry)
        .increment(count);
  }
}

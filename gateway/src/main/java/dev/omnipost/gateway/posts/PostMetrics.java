package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.posts.PostComposer.Mode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.gateway.posts.created}: posts accepted, tagged {@code mode=now|scheduled|draft}.
 */
@Component
class PostMetrics {

  private final Map<Mode, Counter> created = new EnumMap<>(Mode.class);

  PostMetrics(MeterRegistry registry) {
    for (Mode mode : Mode.values()) {
      created.put(
          mode,
          Counter.builder("omnipost.gateway.posts.created")
              .description("Posts accepted by the API")
              .tag("mode", mode.tag())
              .register(registry));
    }
  }

  void created(Mode mode) {
    created.get(mode).increment();
  }
}

package dev.omnipost.inbox.actions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.inbox.actions.performed}: inbox actions by platform, action and outcome ({@code
 * completed}, {@code failed}, {@code retried}).
 */
@Component
class ActionMetrics {

  private final MeterRegistry registry;

  ActionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void performed(String platform, String action, String outcome) {
    Counter.builder("omnipost.inbox.actions.performed")
        .description("Inbox actions performed on platforms, by outcome")
        .tag("platform", platform)
        .tag("action", action)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}

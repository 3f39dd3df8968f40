package dev.omnipost.inbox.actions;

import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code omnipost.inbox.actions.performed}: inbox actions by platform, action and outcome ({@code
 * completed}, {@code failed}, {@code retried}). The outcome counted also tags the {@code inbox
 * action} span in scope, with the platform and the action.
 */
@Component
class ActionMetrics {

  private final MeterRegistry registry;
  private final TraceContexts traces;

  ActionMetrics(MeterRegistry registry, TraceContexts traces) {
    this.registry = registry;
    this.traces = traces;
  }

  void performed(String platform, String action, String outcome) {
    traces.tag("platform", platform);
    traces.tag("action", action);
    traces.tag("outcome", outcome);
    Counter.builder("omnipost.inbox.actions.performed")
        .description("Inbox actions performed on platforms, by outcome")
        .tag("platform", platform)
        .tag("action", action)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}

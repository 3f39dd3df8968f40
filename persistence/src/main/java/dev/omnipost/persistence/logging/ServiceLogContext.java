package dev.omnipost.persistence.logging;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStartingEvent;

/**
 * Puts the name of the service ({@code spring.application.name}) in the logging MDC under {@link
 * #KEY} on the threads the service's work runs on, so every line names the service that wrote it
 * even when several services share one JVM and one Logback (the local stack), where Boot's
 * application-name field shows the first service's name on every line (ADR 26):
 *
 * <ul>
 *   <li>Kafka consumer threads, once, when the consumer starts (Spring Kafka publishes {@link
 *       ConsumerStartingEvent} on the consumer's own thread);
 *   <li>every thread while an observation of this service is in scope (HTTP requests, with the
 *       gateway's automatic context propagation on every thread of the request's chain), restoring
 *       the previous value when the scope closes: Reactor Netty's threads are shared by the
 *       services of one JVM;
 *   <li>the background loops ({@code BackgroundLoop}) and traced runs ({@code TraceContexts.run})
 *       set it themselves.
 * </ul>
 *
 * The console pattern shows it with {@code %X{service}}; structured (JSON) logs carry it as a field
 * like every MDC entry.
 */
public final class ServiceLogContext implements ObservationHandler<Observation.Context> {

  /** The MDC key. */
  public static final String KEY = "service";

  private final String service;
  private final ThreadLocal<Deque<String>> previous = ThreadLocal.withInitial(ArrayDeque::new);

  public ServiceLogContext(String service) {
    this.service = service;
  }

  public String service() {
    return service;
  }

  /** Names this service on the calling thread for the rest of its life. */
  public void nameThisThread() {
    if (service != null) {
      MDC.put(KEY, service);
    }
  }

  @EventListener
  void onConsumerStarting(ConsumerStartingEvent event) {
    nameThisThread();
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return service != null;
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    String before = MDC.get(KEY);
    Deque<String> stack = previous.get();
    if (stack.size() >= 64) {
      stack.clear(); // scopes left open by someone else: never grow without bound
    }
    stack.push(before == null ? "" : before);
    MDC.put(KEY, service);
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    Deque<String> stack = previous.get();
    String before = stack.isEmpty() ? "" : stack.pop();
    if (before.isEmpty()) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, before);
    }
  }

  @Override
  public void onScopeReset(Observation.Context context) {
    previous.get().clear();
    MDC.remove(KEY);
  }
}

package dev.omnipost.gateway;

import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.publisher.PublisherWorkerApplication;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The real publisher-worker beside the gateway under test, on the same broker and database, as the
 * local stack runs it: it publishes, refreshes metrics and runs exports. A test class starts one in
 * {@code @BeforeAll} and closes it in {@code @AfterAll}, so the other classes, which play the
 * worker's side themselves, never race a real one.
 */
public final class RunningPublisherWorker implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private RunningPublisherWorker(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** A worker with {@code settings} on top of the shared infrastructure's. */
  public static RunningPublisherWorker start(Map<String, String> settings) {
    return start(settings, null);
  }

  /**
   * A worker whose {@link Clock} is {@code clock} (null: the system's): the scheduler decides what
   * is due by it, so a test can run the worker at a chosen instant.
   */
  public static RunningPublisherWorker start(Map<String, String> settings, Clock clock) {
    Map<String, String> properties =
        new LinkedHashMap<>(SharedTestInfrastructure.get().springProperties());
    properties.put("server.port", "0");
    properties.put("management.server.port", "0");
    properties.put("omnipost.media.public-base-url", "http://media.test");
    // the tests' sandboxes listen on 127.0.0.1 (any port); other loopback addresses stay refused
    properties.put("omnipost.oauth.instance-networks", "127.0.0.1/32");
    properties.putAll(settings);
    String[] args =
        properties.entrySet().stream()
            .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
    SpringApplicationBuilder builder = PublisherWorkerApplication.builder();
    if (clock != null) {
      builder.initializers(
          context -> context.getBeanFactory().registerSingleton("workerClock", clock));
    }
    RunningPublisherWorker worker = new RunningPublisherWorker(builder.run(args));
    MessageListenerContainer listener =
        worker
            .context
            .getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("publisher");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                listener.getAssignedPartitions() != null
                    && !listener.getAssignedPartitions().isEmpty());
    return worker;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}

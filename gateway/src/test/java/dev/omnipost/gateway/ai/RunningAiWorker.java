package dev.omnipost.gateway.ai;

import static org.awaitility.Awaitility.await;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.embedded.SharedTestInfrastructure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The real ai-worker beside the gateway under test, on the same broker and database, as the local
 * stack runs them. A test class starts one in {@code @BeforeAll} and closes it in
 * {@code @AfterAll}, so other classes, which play the worker's side themselves, never race a real
 * one.
 */
final class RunningAiWorker implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private RunningAiWorker(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** A worker with the offline providers, plus {@code settings}; ready once it has partitions. */
  static RunningAiWorker start(Map<String, String> settings) {
    Map<String, String> properties =
        new LinkedHashMap<>(SharedTestInfrastructure.get().springProperties());
    properties.put("server.port", "0");
    properties.put("management.server.port", "0");
    properties.put("omnipost.ai.provider", "offline");
    properties.putAll(settings);
    String[] args =
        properties.entrySet().stream()
            .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
    RunningAiWorker worker = new RunningAiWorker(AiWorkerApplication.builder().run(args));
    MessageListenerContainer listener =
        worker
            .context
            .getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("ai-generator");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                listener.getAssignedPartitions() != null
                    && !listener.getAssignedPartitions().isEmpty());
    return worker;
  }

  @Override
  public void close() {
    context.close();
  }
}

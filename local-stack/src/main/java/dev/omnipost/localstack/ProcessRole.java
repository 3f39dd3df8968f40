package dev.omnipost.localstack;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.dispatcher.WebhookDispatcherApplication;
import dev.omnipost.gateway.GatewayApplication;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.publisher.PublisherWorkerApplication;
import dev.omnipost.sandbox.PlatformSandboxApplication;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * What each OS process of the multi-process local stack ({@code ./run-local.sh --processes}) runs,
 * in the order they start.
 */
public enum ProcessRole {
  POSTGRES("postgres", "256m", null),
  KAFKA("kafka", "512m", null),
  SANDBOX("platform-sandbox", "384m", PlatformSandboxApplication::builder),
  GATEWAY("gateway", "512m", GatewayApplication::builder),
  PUBLISHER("publisher-worker", "384m", PublisherWorkerApplication::builder),
  INBOX("inbox-ingestor", "384m", InboxIngestorApplication::builder),
  AI("ai-worker", "256m", AiWorkerApplication::builder),
  DISPATCHER("webhook-dispatcher", "384m", WebhookDispatcherApplication::builder);

  private final String id;
  private final String heap;
  private final Supplier<SpringApplicationBuilder> application;

  ProcessRole(String id, String heap, Supplier<SpringApplicationBuilder> application) {
    this.id = id;
    this.heap = heap;
    this.application = application;
  }

  /** The name in logs, in {@code processes.json} and on the command line. */
  public String id() {
    return id;
  }

  String heap() {
    return heap;
  }

  /** The Spring Boot application it runs; null for PostgreSQL and Kafka. */
  SpringApplicationBuilder application() {
    return application == null ? null : application.get();
  }

  static ProcessRole of(String id) {
    return Arrays.stream(values())
        .filter(role -> role.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process role " + id));
  }
}

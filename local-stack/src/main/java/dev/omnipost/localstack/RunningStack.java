package dev.omnipost.localstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started local stack: where to reach it and the demo workspace's key. Closing it stops the
 * services, then the sandbox, Kafka and PostgreSQL, in the reverse order they started.
 */
public final class RunningStack implements AutoCloseable {

  private final StackPorts ports;
  private final String gatewayUrl;
  private final String sandboxUrl;
  private final String operatorToken;
  private final DemoWorkspace demo;
  private final List<AutoCloseable> resources;
  private final Map<String, Object> serviceSettings;
  private boolean closed;

  RunningStack(
      StackPorts ports,
      String gatewayUrl,
      String sandboxUrl,
      String operatorToken,
      DemoWorkspace demo,
      List<AutoCloseable> resources,
      Map<String, Object> serviceSettings) {
    this.ports = ports;
    this.gatewayUrl = gatewayUrl;
    this.sandboxUrl = sandboxUrl;
    this.operatorToken = operatorToken;
    this.demo = demo;
    this.resources = new ArrayList<>(resources);
    this.serviceSettings = Map.copyOf(serviceSettings);
  }

  /**
   * Starts one more instance of {@code worker} on free ports, with the settings every service of
   * this stack has (same database, broker, sandbox and consumer group): to watch the partitions
   * split and rebalance. The stack's close stops it. Do not close it alone: in this one JVM,
   * closing a WebFlux context disposes Reactor Netty's shared event loops and takes the other
   * services' HTTP servers down with it; stop its Kafka listeners to make it leave its groups
   * instead.
   */
  public synchronized ConfigurableApplicationContext startInstance(Worker worker) {
    ConfigurableApplicationContext instance =
        LocalStack.run(
            worker.builder(), LocalStack.service(serviceSettings, StackPorts.free().publisher()));
    resources.add(instance);
    return instance;
  }

  public StackPorts ports() {
    return ports;
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public String sandboxUrl() {
    return sandboxUrl;
  }

  public String operatorToken() {
    return operatorToken;
  }

  public DemoWorkspace demo() {
    return demo;
  }

  String banner(double startSeconds) {
    return """

        Omnipost is running (started in %.1f s).

          API            %s/v1   (OpenAPI: %s/v1/openapi.json)
          API key        %s
          Workspace      %s
          Accounts       %s
                         (one per platform, all on the platform sandbox)
          Sandbox        %s/_sandbox/posts
          Metrics        http://localhost:%d/actuator/prometheus (gateway; workers on %d-%d)

        Try:  curl -s %s/v1/accounts -H 'Authorization: Bearer %s'
        Press Ctrl-C to stop; data stays in the data directory for the next start.
        """
        .formatted(
            startSeconds,
            gatewayUrl,
            gatewayUrl,
            demo.apiKey(),
            demo.workspaceId(),
            demo.allAccountIds().entrySet().stream()
                .map(e -> e.getValue() + " (" + e.getKey() + ")")
                .collect(java.util.stream.Collectors.joining(",\n                         ")),
            sandboxUrl,
            ports.gateway().management(),
            ports.publisher().management(),
            ports.dispatcher().management(),
            gatewayUrl,
            demo.apiKey());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("[local-stack] error while stopping: " + e);
      }
    }
  }
}

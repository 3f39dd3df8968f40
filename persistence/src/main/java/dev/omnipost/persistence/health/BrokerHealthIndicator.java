package dev.omnipost.persistence.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the Kafka cluster answers, for the {@code readiness} health group: a service whose broker
 * is unreachable can accept nothing it could hand on, so it should be taken out of rotation. Spring
 * Boot has no Kafka health indicator of its own; this asks for the cluster's nodes with a short
 * timeout, on one long-lived admin client.
 */
public class BrokerHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

  private final AdminClient admin;
  private final Duration timeout;

  public BrokerHealthIndicator(Map<String, Object> adminSettings, Duration timeout) {
    super("Kafka health check failed");
    Map<String, Object> settings = new HashMap<>(adminSettings);
    int millis = (int) timeout.toMillis();
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    settings.put(
        AdminClientConfig.CLIENT_ID_CONFIG, "omnipost-health-" + System.identityHashCode(this));
    this.admin = AdminClient.create(settings);
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterOptions options =
        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
    Collection<Node> nodes =
        admin.describeCluster(options).nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    builder.up().withDetail("nodes", nodes.size());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}

package dev.omnipost.localstack;

import dev.omnipost.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a local stack.
 *
 * @param kafkaBootstrap an already running broker to use, or null to start one under dataDir
 * @param postgres an already running PostgreSQL to use, or null to start one under dataDir
 * @param overrides extra settings given to every service (tests shorten intervals with them)
 */
public record LocalStackOptions(
    Path dataDir,
    StackPorts ports,
    String kafkaBootstrap,
    EmbeddedPostgresServer postgres,
    Map<String, Object> overrides) {

  /** The defaults of {@code ./run-local.sh}: fixed ports, own Kafka and PostgreSQL. */
  public static LocalStackOptions standalone(Path dataDir) {
    return new LocalStackOptions(dataDir, StackPorts.defaults(), null, null, Map.of());
  }
}

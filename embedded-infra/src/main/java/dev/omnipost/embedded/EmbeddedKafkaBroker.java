package dev.omnipost.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one combined broker+controller node) running inside this JVM, so the
 * local stack and the integration tests need no external Kafka. A data directory that already holds
 * a formatted log is reused, so topics and records survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** Partitions of an auto-created topic unless the caller asks for another number. */
  public static final int DEFAULT_PARTITIONS = 6;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int START_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path dataDir) {
    this.server = server;
    this.bootstrapServers = "127.0.0.1:" + port;
    this.dataDir = dataDir;
  }

  /**
   * Starts a broker whose auto-created topics get {@value #DEFAULT_PARTITIONS} partitions.
   *
   * @param dataDir where the log lives; created and formatted if it holds no formatted log yet
   * @param port client port on 127.0.0.1, or 0 for any free port
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    return start(dataDir, port, DEFAULT_PARTITIONS);
  }

  /** Like {@link #start(Path, int)}, with the number of partitions given to auto-created topics. */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, int defaultPartitions) {
    keepKafkaFromEndingTheJvm();
    long began = System.nanoTime();
    formatUnlessFormatted(dataDir);
    RuntimeException lastFailure = null;
    // Ports we picked ourselves may be taken by someone else before the broker binds them; try
    // others.
    int attempts = port == 0 ? START_ATTEMPTS : 1;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      int brokerPort = FreePorts.orFree(port);
      int controllerPort = FreePorts.free();
      KafkaRaftServer server =
          new KafkaRaftServer(
              new KafkaConfig(
                  KraftNodeSettings.of(dataDir, brokerPort, controllerPort, defaultPartitions),
                  false),
              Time.SYSTEM);
      try {
        server.startup();
        log.info(
            "Kafka broker ready on 127.0.0.1:{} (data in {}) after {} ms",
            brokerPort,
            dataDir,
            (System.nanoTime() - began) / 1_000_000);
        return new EmbeddedKafkaBroker(server, brokerPort, dataDir);
      } catch (RuntimeException e) {
        lastFailure = e;
        stopQuietly(server);
        log.warn(
            "Kafka broker failed to start on ports {}/{} (attempt {} of {})",
            brokerPort,
            controllerPort,
            attempt,
            attempts,
            e);
      }
    }
    throw new IllegalStateException("Kafka broker did not start in " + dataDir, lastFailure);
  }

  /** Where clients connect: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The directory holding the broker's log; a later start on it continues where this one stopped.
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Shuts the broker down cleanly (flushing its logs), so a later start on the same directory
   * recovers nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long began = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    log.info(
        "Kafka broker on {} stopped in {} ms",
        bootstrapServers,
        (System.nanoTime() - began) / 1_000_000);
  }

  private static void formatUnlessFormatted(Path dataDir) {
    if (Files.isRegularFile(dataDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dataDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(KraftNodeSettings.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
          .setControllerListenerName(KraftNodeSettings.CONTROLLER_LISTENER)
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Kafka data directory " + dataDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka data directory " + dataDir, e);
    }
  }

  private static void stopQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.debug("Ignoring failure while stopping a broker that did not start", e);
    }
  }

  /**
   * Kafka halts the process on faults it considers fatal. Inside a service or a test JVM that would
   * take everything else down without a trace, so turn those calls into a logged error and an
   * exception.
   */
  private static void keepKafkaFromEndingTheJvm() {
    Exit.setExitProcedure((status, message) -> refuseToEnd("exit", status, message));
    Exit.setHaltProcedure((status, message) -> refuseToEnd("halt", status, message));
  }

  private static void refuseToEnd(String call, int status, String message) {
    log.error("Embedded Kafka asked to {} the JVM with status {}: {}", call, status, message);
    throw new IllegalStateException(
        "Embedded Kafka asked to " + call + " the JVM (status " + status + "): " + message);
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers + ", " + dataDir + "]";
  }
}

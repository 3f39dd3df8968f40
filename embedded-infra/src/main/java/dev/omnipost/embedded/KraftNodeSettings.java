package dev.omnipost.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker settings of a single combined broker+controller node: everything replicated once,
 * small buffers and indexes, few threads, and no delays that only make sense when several brokers
 * must agree.
 */
final class KraftNodeSettings {

  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String HOST = "127.0.0.1";

  private KraftNodeSettings() {}

  static Map<String, String> of(
      Path logDir, int brokerPort, int controllerPort, int defaultPartitions) {
    Map<String, Object> settings = new HashMap<>();
    // One node that is both the whole cluster and the whole controller quorum. A static voter list
    // (rather than a dynamic quorum) keeps the controller address out of the metadata log, so a
    // restart
    // may pick a different controller port.
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", NODE_ID);
    settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    settings.put("controller.listener.names", CONTROLLER_LISTENER);
    settings.put("inter.broker.listener.name", BROKER_LISTENER);
    settings.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    settings.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    settings.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    settings.put("log.dirs", logDir.toAbsolutePath().toString());

    // Topics: created on first use, replicated once.
    settings.put("auto.create.topics.enable", true);
    settings.put("num.partitions", defaultPartitions);
    settings.put("default.replication.factor", 1);
    settings.put("min.insync.replicas", 1);
    settings.put("offsets.topic.replication.factor", 1);
    settings.put("offsets.topic.num.partitions", 10);
    settings.put("transaction.state.log.replication.factor", 1);
    settings.put("transaction.state.log.min.isr", 1);
    settings.put("transaction.state.log.num.partitions", 10);
    settings.put("share.coordinator.state.topic.replication.factor", 1);
    settings.put("share.coordinator.state.topic.min.isr", 1);
    settings.put("share.coordinator.state.topic.num.partitions", 1);

    // Nobody else will join the group: start the first rebalance at once.
    settings.put("group.initial.rebalance.delay.ms", 0);

    // Small on-disk and in-memory footprint: many topics x 6 partitions each preallocate index
    // files,
    // and the log cleaner (for the compacted offsets topic) allocates its dedupe buffer up front.
    settings.put("log.segment.bytes", 16 * 1024 * 1024);
    settings.put("log.index.size.max.bytes", 1024 * 1024);
    settings.put("log.cleaner.dedupe.buffer.size", 4L * 1024 * 1024);
    settings.put("log.cleaner.threads", 1);
    settings.put("num.network.threads", 2);
    settings.put("num.io.threads", 4);
    settings.put("background.threads", 2);
    settings.put("num.recovery.threads.per.data.dir", 1);
    settings.put("num.replica.fetchers", 1);

    // One node: the controller runs in this very JVM, so frequent heartbeats cost nothing and let
    // the
    // broker be unfenced (ready) sooner; a long session keeps a starved test JVM (GC pause, busy CI
    // box)
    // from fencing its only broker, which would leave every partition without a leader.
    settings.put("broker.heartbeat.interval.ms", 200);
    settings.put("broker.session.timeout.ms", 30000);
    // As text, the way a server.properties file would give them: Kafka parses and range-checks each
    // one.
    Map<String, String> asText = new HashMap<>();
    settings.forEach((name, value) -> asText.put(name, String.valueOf(value)));
    return asText;
  }
}

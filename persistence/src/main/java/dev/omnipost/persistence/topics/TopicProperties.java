package dev.omnipost.persistence.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Omnipost creates its Kafka topics ({@code omnipost.topics.*}): the shared topics, the
 * dead-letter topics and the retry topics Spring Kafka declares for us all follow these settings.
 * They apply when a topic is first created; an existing topic keeps its layout (set {@code
 * spring.kafka.admin.modify-topic-configs=true} to also bring {@code min.insync.replicas} of
 * existing topics in line).
 *
 * @param partitions partitions of the shared topics and their retry topics
 * @param replicationFactor replicas of every topic; {@code -1} lets the broker decide ({@code
 *     default.replication.factor})
 * @param minInsyncReplicas {@code min.insync.replicas} set on every topic; unset lets the broker
 *     decide
 */
@ConfigurationProperties("omnipost.topics")
public record TopicProperties(
    @DefaultValue("6") int partitions,
    @DefaultValue("-1") short replicationFactor,
    Integer minInsyncReplicas) {

  public TopicProperties {
    if (partitions < 1) {
      throw new IllegalArgumentException("omnipost.topics.partitions must be at least 1");
    }
    if (replicationFactor == 0 || replicationFactor < -1) {
      throw new IllegalArgumentException(
          "omnipost.topics.replication-factor must be -1 (the broker's default) or at least 1");
    }
    if (minInsyncReplicas != null && minInsyncReplicas < 1) {
      throw new IllegalArgumentException(
          "omnipost.topics.min-insync-replicas must be at least 1, or left unset");
    }
    if (minInsyncReplicas != null
        && replicationFactor > 0
        && minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "omnipost.topics.min-insync-replicas ("
              + minInsyncReplicas
              + ") cannot exceed omnipost.topics.replication-factor ("
              + replicationFactor
              + "): no write with acks=all could ever succeed");
    }
  }
}

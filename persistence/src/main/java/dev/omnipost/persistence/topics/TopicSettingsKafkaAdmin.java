package dev.omnipost.persistence.topics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Spring Kafka's topic creator, made to give every topic it creates the configured replication
 * factor and {@code min.insync.replicas} ({@link TopicProperties}). Applying the settings here,
 * rather than at each declaration, reaches the retry and dead-letter topics that Spring Kafka
 * declares on its own ({@code @RetryableTopic}, {@code RetryTopicConfiguration}) as well as ours. A
 * declaration that names its own replica count, replica assignment or {@code min.insync.replicas}
 * keeps it.
 */
public class TopicSettingsKafkaAdmin extends KafkaAdmin {

  private final TopicProperties settings;

  public TopicSettingsKafkaAdmin(Map<String, Object> config, TopicProperties settings) {
    super(config);
    this.settings = settings;
  }

  @Override
  protected Collection<NewTopic> newTopics() {
    return super.newTopics().stream().map(this::withSettings).toList();
  }

  NewTopic withSettings(NewTopic declared) {
    NewTopic topic = declared;
    boolean replicasUnspecified =
        declared.replicasAssignments() == null && declared.replicationFactor() == -1;
    if (replicasUnspecified && settings.replicationFactor() != -1) {
      topic =
          new NewTopic(
              declared.name(),
              declared.numPartitions() == -1
                  ? Optional.empty()
                  : Optional.of(declared.numPartitions()),
              Optional.of(settings.replicationFactor()));
    }
    Map<String, String> configs =
        declared.configs() == null ? new HashMap<>() : new HashMap<>(declared.configs());
    if (settings.minInsyncReplicas() != null) {
      configs.putIfAbsent(
          TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, settings.minInsyncReplicas().toString());
    }
    return topic.configs(configs);
  }
}

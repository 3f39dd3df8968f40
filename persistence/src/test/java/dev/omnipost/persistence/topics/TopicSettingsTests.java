package dev.omnipost.persistence.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.persistence.PersistenceConfiguration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.TopicForRetryable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The configured replication factor and {@code min.insync.replicas} reach the topics the broker
 * creates: ours, and those Spring Kafka's retry-topic support declares. The broker has one node, so
 * the replication factor is 1; {@code min.insync.replicas} is checked by its source, which says it
 * was set on the topic rather than inherited from the broker.
 */
@SpringBootTest(
    classes = TopicSettingsTests.TestApplication.class,
    properties = {
      "omnipost.outbox.relay-enabled=false",
      "omnipost.topics.replication-factor=1",
      "omnipost.topics.min-insync-replicas=1"
    })
class TopicSettingsTests {

  static final String PLAIN = "topic-settings-plain-" + UUID.randomUUID();
  static final String RETRY = "topic-settings-retry-" + UUID.randomUUID();
  static final String OWN_SETTING = "topic-settings-own-" + UUID.randomUUID();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(PersistenceConfiguration.class)
  static class TestApplication {
    @Bean
    NewTopic plainTopic() {
      return TopicBuilder.name(PLAIN).partitions(2).build();
    }

    /** What {@code @RetryableTopic} registers for each retry and dead-letter topic. */
    @Bean
    NewTopic retryTopic() {
      return new TopicForRetryable(RETRY, 1, (short) -1);
    }

    @Bean
    NewTopic topicWithItsOwnSetting() {
      return TopicBuilder.name(OWN_SETTING)
          .partitions(1)
          .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")
          .config(TopicConfig.RETENTION_MS_CONFIG, "60000")
          .build();
    }
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  private static Admin admin;

  @BeforeAll
  static void connect() {
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestInfrastructure.get().bootstrapServers()));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @Test
  void declaredTopicsAreCreatedWithTheConfiguredReplicasAndMinInsyncReplicas() throws Exception {
    TopicDescription plain = admin.describeTopics(List.of(PLAIN)).allTopicNames().get().get(PLAIN);

    assertThat(plain.partitions()).hasSize(2);
    assertThat(plain.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    assertThat(minInsyncReplicas(PLAIN).value()).isEqualTo("1");
    assertThat(minInsyncReplicas(PLAIN).source())
        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void retryTopicsSpringKafkaDeclaresGetTheSameSettings() throws Exception {
    assertThat(minInsyncReplicas(RETRY).source())
        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void aTopicsOwnConfigurationIsKept() throws Exception {
    Config config = topicConfig(OWN_SETTING);

    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("60000");
    assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).source())
        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void withoutSettingsTheBrokerDecides() {
    TopicSettingsKafkaAdmin brokerDefaults =
        new TopicSettingsKafkaAdmin(Map.of(), new TopicProperties(6, (short) -1, null));

    NewTopic topic = brokerDefaults.withSettings(TopicBuilder.name("t").partitions(3).build());

    assertThat(topic.replicationFactor()).isEqualTo((short) -1);
    assertThat(topic.numPartitions()).isEqualTo(3);
    assertThat(topic.configs()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
  }

  @Test
  void refusesAMinInsyncReplicasNoWriteCouldMeet() {
    assertThatThrownBy(() -> new TopicProperties(6, (short) 1, 2))
        .hasMessageContaining("cannot exceed omnipost.topics.replication-factor");
    assertThatThrownBy(() -> new TopicProperties(6, (short) 0, null))
        .hasMessageContaining("-1 (the broker's default) or at least 1");
  }

  private static ConfigEntry minInsyncReplicas(String topic) throws Exception {
    return topicConfig(topic).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
  }

  private static Config topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}

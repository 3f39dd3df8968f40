package dev.omnipost.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTests {

  @Test
  void deliversAProducedRecordToAConsumer() throws Exception {
    String bootstrapServers = SharedTestInfrastructure.get().bootstrapServers();

    KafkaTestClients.send(bootstrapServers, "round-trip", "workspace-1", "hello");
    List<ConsumerRecord<String, String>> received =
        KafkaTestClients.readFromStart(bootstrapServers, "round-trip", 1);

    assertThat(received)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.key()).isEqualTo("workspace-1");
              assertThat(record.value()).isEqualTo("hello");
            });
  }

  @Test
  void createsTopicsOnFirstUseWithSixPartitions() throws Exception {
    String bootstrapServers = SharedTestInfrastructure.get().bootstrapServers();

    KafkaTestClients.send(bootstrapServers, "auto-created", "k", "v");

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicDescription topic =
          admin.describeTopics(List.of("auto-created")).allTopicNames().get().get("auto-created");
      assertThat(topic.partitions()).hasSize(EmbeddedKafkaBroker.DEFAULT_PARTITIONS);
    }
  }

  @Test
  void keepsRecordsAcrossARestartOnTheSameDataDirectory(@TempDir Path workDir) throws Exception {
    Path dataDir = workDir.resolve("data/kafka");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      KafkaTestClients.send(broker.bootstrapServers(), "durable", "post-1", "published");
    }

    List<ConsumerRecord<String, String>> received;
    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(dataDir, 0)) {
      received = KafkaTestClients.readFromStart(restarted.bootstrapServers(), "durable", 1);
    }

    assertThat(received)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.key()).isEqualTo("post-1");
              assertThat(record.value()).isEqualTo("published");
            });
  }
}

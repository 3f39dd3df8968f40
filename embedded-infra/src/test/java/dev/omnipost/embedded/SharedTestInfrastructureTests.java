package dev.omnipost.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SharedTestInfrastructureTests {

  @Test
  void returnsTheSameServersToEveryCaller() {
    SharedTestInfrastructure first = SharedTestInfrastructure.get();

    SharedTestInfrastructure second = SharedTestInfrastructure.get();

    assertThat(second).isSameAs(first);
    assertThat(second.springProperties()).isEqualTo(first.springProperties());
  }

  @Test
  void pointsSpringDataSourceAtTheLiveOmnipostDatabase() throws Exception {
    Map<String, String> properties = SharedTestInfrastructure.get().springProperties();

    String database;
    try (Connection connection =
            DriverManager.getConnection(
                properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"),
                properties.get("spring.datasource.password"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      rows.next();
      database = rows.getString(1);
    }

    assertThat(database).isEqualTo("omnipost");
    assertThat(properties.get("spring.flyway.url"))
        .isEqualTo(properties.get("spring.datasource.url"));
    assertThat(properties.get("spring.r2dbc.url"))
        .isEqualTo(properties.get("spring.datasource.url").replace("jdbc:", "r2dbc:"));
  }

  @Test
  void pointsSpringKafkaAtTheLiveBroker() throws Exception {
    String bootstrapServers =
        SharedTestInfrastructure.get().springProperties().get("spring.kafka.bootstrap-servers");

    KafkaTestClients.send(bootstrapServers, "shared-properties", "k", "reachable");
    List<ConsumerRecord<String, String>> received =
        KafkaTestClients.readFromStart(bootstrapServers, "shared-properties", 1);

    assertThat(received).extracting(ConsumerRecord::value).containsExactly("reachable");
  }

  @Test
  void providesA256BitEncryptionKey() {
    String key =
        SharedTestInfrastructure.get().springProperties().get("omnipost.secrets.encryption-key");

    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
  }

  @Test
  void declaresTheSingleBrokersTopicSettingsExplicitly() {
    Map<String, String> properties = SharedTestInfrastructure.get().springProperties();

    assertThat(properties)
        .containsEntry("omnipost.topics.replication-factor", "1")
        .containsEntry("omnipost.topics.min-insync-replicas", "1");
  }
}

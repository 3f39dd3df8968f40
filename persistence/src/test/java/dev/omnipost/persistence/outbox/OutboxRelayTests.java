package dev.omnipost.persistence.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.persistence.PersistenceConfiguration;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The outbox against a real PostgreSQL and a real Kafka broker. The context's own relay is off so
 * each test drives relays itself and can assert exactly what was sent.
 */
@SpringBootTest(
    classes = OutboxRelayTests.TestApplication.class,
    properties = "omnipost.outbox.relay-enabled=false")
class OutboxRelayTests {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(PersistenceConfiguration.class)
  static class TestApplication {}

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  @Autowired JdbcOutbox outbox;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired ConnectionFactory connectionFactory;

  private final CloudEventCodec codec = new CloudEventCodec("/omnipost/test");
  private final List<OutboxRelay> relays = new ArrayList<>();
  private TransactionTemplate transactions;

  @BeforeEach
  void setUp() {
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @AfterEach
  void closeRelays() {
    relays.forEach(OutboxRelay::close);
  }

  @Test
  void anEventCommittedWithItsStateReachesKafkaAndTheEventLog() {
    CloudEvent event = postCreated();

    transactions.executeWithoutResult(status -> outbox.publishEvent(event));
    drainWith(relay(SharedTestInfrastructure.get().bootstrapServers()));

    assertThat(consumeIds(Set.of(event.id()))).containsExactly(event.id());
    assertThat(sentAt(event)).isTrue();
    assertThat(
            jdbc.sql("SELECT type FROM event_log WHERE id = :id")
                .param("id", event.id())
                .query(String.class)
                .single())
        .isEqualTo("post.created");
  }

  @Test
  void aRelayedEventIsAStructuredModeCloudEventTheSdkReadsAndItsLagIsTimed() {
    CloudEvent event = postCreated();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    transactions.executeWithoutResult(status -> outbox.publishEvent(event));
    drainWith(relay(SharedTestInfrastructure.get().bootstrapServers(), meters));

    ConsumerRecord<String, byte[]> record = consumeRecord(event.id());
    assertThat(record.headers().headers("content-type"))
        .singleElement()
        .satisfies(
            header ->
                assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json; charset=UTF-8"));
    io.cloudevents.CloudEvent read;
    try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
      read = sdk.deserialize(record.topic(), record.headers(), record.value());
    }
    assertThat(read.getId()).isEqualTo(event.id());
    assertThat(read.getType()).isEqualTo("post.created");
    assertThat(read.getSource()).hasToString("/omnipost/test");
    assertThat(read.getExtension("workspaceid")).isEqualTo(event.workspaceId());
    assertThat(new String(read.getData().toBytes(), StandardCharsets.UTF_8))
        .contains("\"post_id\":\"" + event.subject() + "\"");
    assertThat(meters.get("omnipost.outbox.relay.lag").timer().count()).isEqualTo(1);
  }

  @Test
  void aRecordCarriesTheTraceparentOfTheSpanThatWroteItsRowOrTheOneTheMessageNames() {
    SdkTracerProvider provider = SdkTracerProvider.builder().build();
    TraceContexts traces =
        new TraceContexts(
            new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {}), null);
    JdbcOutbox traced = new JdbcOutbox(jdbc, traces);
    CloudEvent inSpan = postCreated();
    CloudEvent named = postCreated();
    CloudEvent untraced = postCreated();
    String chosen = "00-" + "ab".repeat(16) + "-" + "cd".repeat(8) + "-01";
    List<String> writer = new ArrayList<>();

    traces.run(
        "write",
        null,
        () -> {
          writer.add(traces.current());
          transactions.executeWithoutResult(status -> traced.publishEvent(inSpan));
        });
    transactions.executeWithoutResult(
        status -> traced.appendAll(List.of(OutboxMessage.event(named).withTraceparent(chosen))));
    transactions.executeWithoutResult(status -> traced.publishEvent(untraced));
    drainWith(relay(SharedTestInfrastructure.get().bootstrapServers()));

    assertThat(writer.get(0)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(traceparent(consumeRecord(inSpan.id()))).isEqualTo(writer.get(0));
    assertThat(traceparent(consumeRecord(named.id()))).isEqualTo(chosen);
    assertThat(consumeRecord(untraced.id()).headers().lastHeader("traceparent")).isNull();
    provider.close();
  }

  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    return new String(
        record.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII);
  }

  @Test
  void anEventWhoseTransactionRolledBackIsNeverSent() {
    CloudEvent event = postCreated();

    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      outbox.publishEvent(event);
                      throw new IllegalStateException("the state change failed");
                    }))
        .hasMessage("the state change failed");

    assertThat(outboxRowsOf(event)).isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM event_log WHERE id = :id")
                .param("id", event.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void rowsWaitWhileKafkaIsDownAndGoOutWhenItIsBack() {
    CloudEvent event = postCreated();
    transactions.executeWithoutResult(status -> outbox.publishEvent(event));
    OutboxRelay unreachable = relay("127.0.0.1:1");

    assertThatThrownBy(unreachable::relayBatch).isInstanceOf(RuntimeException.class);
    assertThat(sentAt(event)).isFalse();

    drainWith(relay(SharedTestInfrastructure.get().bootstrapServers()));
    assertThat(consumeIds(Set.of(event.id()))).containsExactly(event.id());
  }

  @Test
  void twoRelaysSideBySideSendEveryRowExactlyOnce() {
    List<CloudEvent> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(postCreated());
    }
    transactions.executeWithoutResult(status -> events.forEach(outbox::publishEvent));
    OutboxRelay first = relay(SharedTestInfrastructure.get().bootstrapServers());
    OutboxRelay second = relay(SharedTestInfrastructure.get().bootstrapServers());

    CompletableFuture.allOf(
            CompletableFuture.runAsync(() -> drainWith(first)),
            CompletableFuture.runAsync(() -> drainWith(second)))
        .join();

    Set<String> ids = new java.util.HashSet<>();
    events.forEach(e -> ids.add(e.id()));
    List<String> received = consumeIds(ids);
    assertThat(received).hasSize(300).doesNotHaveDuplicates();
  }

  @Test
  void twoRelaysKeepEachKeysMessagesInTheOrderTheyWereWritten() {
    String workspace = Ids.newId("ws");
    List<String> written = new CopyOnWriteArrayList<>();
    // a backlog first: two relays starting together would each claim a batch of it
    for (int i = 0; i < 200; i++) {
      written.add(writeEventOf(workspace));
    }
    OutboxRelay first = relay(SharedTestInfrastructure.get().bootstrapServers());
    OutboxRelay second = relay(SharedTestInfrastructure.get().bootstrapServers());
    AtomicBoolean writing = new AtomicBoolean(true);

    CompletableFuture.allOf(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    written.add(writeEventOf(workspace));
                    writeEventOf(Ids.newId("ws")); // another key in between
                  }
                  writing.set(false);
                }),
            CompletableFuture.runAsync(() -> drainWhile(first, writing)),
            CompletableFuture.runAsync(() -> drainWhile(second, writing)))
        .join();

    assertThat(consumeIds(Set.copyOf(written))).containsExactlyElementsOf(written);
  }

  @Test
  void theReactiveOutboxWritesTheSameRowsInsideAReactiveTransaction() {
    ReactiveOutbox reactive = new ReactiveOutbox(DatabaseClient.create(connectionFactory));
    TransactionalOperator tx =
        TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
    CloudEvent committed = postCreated();
    CloudEvent rolledBack = postCreated();

    StepVerifier.create(reactive.publishEvent(committed).as(tx::transactional)).verifyComplete();
    StepVerifier.create(
            reactive
                .publishEvent(rolledBack)
                .then(Mono.error(new IllegalStateException("failed")))
                .as(tx::transactional))
        .verifyError(IllegalStateException.class);

    assertThat(outboxRowsOf(committed)).isEqualTo(1);
    assertThat(outboxRowsOf(rolledBack)).isZero();
  }

  private CloudEvent postCreated() {
    String postId = Ids.newId("post");
    return codec.wrap(
        new PostCreated(postId, "publishing", List.of(Ids.newId("acc")), null),
        Ids.newId("ws"),
        postId);
  }

  /** Commits one event of {@code workspace} (its key) in its own transaction; returns its id. */
  private String writeEventOf(String workspace) {
    String postId = Ids.newId("post");
    CloudEvent event =
        codec.wrap(
            new PostCreated(postId, "publishing", List.of(Ids.newId("acc")), null),
            workspace,
            postId);
    transactions.executeWithoutResult(status -> outbox.publishEvent(event));
    return event.id();
  }

  /** Relays until the writer has finished and nothing is left unsent. */
  private void drainWhile(OutboxRelay relay, AtomicBoolean writing) {
    while (relay.relayBatch() > 0 || writing.get() || unsentRows() > 0) {
      Thread.onSpinWait();
    }
  }

  private long unsentRows() {
    return jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
  }

  private OutboxRelay relay(String bootstrapServers) {
    return relay(bootstrapServers, new SimpleMeterRegistry());
  }

  private OutboxRelay relay(String bootstrapServers, SimpleMeterRegistry meters) {
    Map<String, Object> producer = new HashMap<>();
    producer.put("bootstrap.servers", bootstrapServers);
    producer.put("max.block.ms", 2_000);
    producer.put("delivery.timeout.ms", 3_000);
    producer.put("request.timeout.ms", 2_000);
    OutboxRelay relay =
        new OutboxRelay(
            dataSource,
            transactions,
            producer,
            new OutboxProperties(
                true,
                Duration.ofMillis(100),
                Duration.ZERO,
                50,
                Duration.ofMillis(100),
                Duration.ofHours(1)),
            meters);
    relays.add(relay);
    return relay;
  }

  private static void drainWith(OutboxRelay relay) {
    while (relay.relayBatch() > 0) {
      // keep going until nothing is left
    }
  }

  private boolean sentAt(CloudEvent event) {
    return jdbc.sql(
                "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND position(CAST(:id AS bytea) in payload) > 0")
            .param("id", event.id())
            .query(Long.class)
            .single()
        == 1;
  }

  private long outboxRowsOf(CloudEvent event) {
    return jdbc.sql("SELECT count(*) FROM outbox WHERE position(CAST(:id AS bytea) in payload) > 0")
        .param("id", event.id())
        .query(Long.class)
        .single();
  }

  /** Reads the events topic from the start until the record of event {@code id} arrives. */
  private static ConsumerRecord<String, byte[]> consumeRecord(String id) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestInfrastructure.get().bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, Ids.newId("test"));
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.EVENTS));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  if (CloudEventCodec.decode(record.value()).id().equals(id)) {
                    found.add(record);
                  }
                }
                return !found.isEmpty();
              });
    }
    return found.get(0);
  }

  /** Reads the events topic from the start and returns the ids of the wanted events seen. */
  private static List<String> consumeIds(Set<String> wanted) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestInfrastructure.get().bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, Ids.newId("test"));
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> seen = new ArrayList<>();
    Set<String> distinct = ConcurrentHashMap.newKeySet();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.EVENTS));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  String id = CloudEventCodec.decode(record.value()).id();
                  if (wanted.contains(id)) {
                    seen.add(id);
                    distinct.add(id);
                  }
                }
                return distinct.size() == wanted.size();
              });
      // one more poll so a duplicate sent right behind would be seen too
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        String id = CloudEventCodec.decode(record.value()).id();
        if (wanted.contains(id)) {
          seen.add(id);
        }
      }
    }
    return seen;
  }
}

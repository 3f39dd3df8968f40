package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.notifications.NotifiedLoop;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox rows to Kafka. It wakes on PostgreSQL {@code NOTIFY omnipost_outbox} (sent by a
 * trigger on every insert) and also polls, so a missed notification only delays a row. Rows are
 * marked sent only after Kafka acknowledged them: if Kafka is down the rows simply wait.
 *
 * <p>Any number of relays may run (one per service, several instances each), but only one sends at
 * a time: each batch transaction first takes a transaction-scoped advisory lock ({@link
 * #SENDER_LOCK}), and a relay that does not get it leaves the batch to the one that did. Batches
 * therefore reach Kafka one after the other in id order, which keeps every key's messages in the
 * order they were written; a relay that dies releases the lock with its connection, so another
 * takes over at its next wake-up (ADR 22).
 */
public class OutboxRelay extends NotifiedLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String CHANNEL = "omnipost_outbox";

  /** The advisory lock key only the sending relay holds, for the length of one batch. */
  static final long SENDER_LOCK = 0x6f6d6e69706f7374L; // "omnipost"

  /** Every outbox payload is an encoded CloudEvent: say so the way the Kafka binding asks. */
  private static final Header STRUCTURED_MODE =
      new RecordHeader(
          CloudEventCodec.CONTENT_TYPE_HEADER,
          CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));

  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;
  private final OutboxProperties properties;
  private final MeterRegistry meterRegistry;
  private final Counter failures;
  private final Timer relayLag;
  private final AtomicLong lagMillis = new AtomicLong();

  private final Producer<String, byte[]> producer;
  private Instant nextCleanup = Instant.EPOCH;
  private Instant nextLagUpdate = Instant.EPOCH;

  public OutboxRelay(
      DataSource dataSource,
      TransactionTemplate transactions,
      Map<String, Object> producerSettings,
      OutboxProperties properties,
      MeterRegistry meterRegistry) {
    // start after the database and Kafka clients, stop before them
    super("outbox-relay", Integer.MAX_VALUE - 100, dataSource, CHANNEL);
    this.transactions = transactions;
    this.jdbc = new JdbcTemplate(dataSource);
    this.properties = properties;
    this.meterRegistry = meterRegistry;
    this.failures =
        Counter.builder("omnipost.outbox.relay.failures")
            .description("Batches the relay could not hand to Kafka (they are retried)")
            .register(meterRegistry);
    this.relayLag =
        Timer.builder("omnipost.outbox.relay.lag")
            .description("Time from an outbox row being written to Kafka acknowledging it")
            .publishPercentileHistogram()
            .register(meterRegistry);
    meterRegistry.gauge("omnipost.outbox.lag.seconds", lagMillis, value -> value.get() / 1000.0);
    this.producer = new KafkaProducer<>(producerSettings(producerSettings));
  }

  /** The service's Kafka producer settings, made safe for the outbox (no loss, no duplicates). */
  private Map<String, Object> producerSettings(Map<String, Object> base) {
    Map<String, Object> settings = new HashMap<>(base);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    settings.put(
        ProducerConfig.CLIENT_ID_CONFIG, "omnipost-outbox-relay-" + System.identityHashCode(this));
    return settings;
  }

  /** Releases the Kafka producer; Spring calls it when the context closes. */
  @Override
  public void close() {
    stop();
    producer.close(Duration.ofSeconds(5));
  }

  @Override
  protected void work() {
    while (isLooping() && relayBatch() == properties.batchSize()) {
      // a full batch means more may be waiting: keep draining before sleeping
    }
    housekeeping();
  }

  @Override
  protected Duration nextWait() {
    return properties.pollInterval();
  }

  @Override
  protected Duration lingerAfterNotification() {
    return properties.linger();
  }

  @Override
  protected void onFailure(Exception failure) {
    failures.increment();
    log.warn(
        "Outbox relay failed, retrying in {}: {}", properties.retryBackoff(), failure.toString());
  }

  @Override
  protected Duration failureBackoff() {
    return properties.retryBackoff();
  }

  /**
   * Sends one batch; returns how many rows it sent, 0 when nothing waits or another relay is
   * sending.
   */
  int relayBatch() {
    Integer sent =
        transactions.execute(
            status -> {
              // one round trip: the uncorrelated lock subquery runs once, before the scan, and a
              // relay that does not get the lock reads nothing
              List<OutboxRow> rows =
                  jdbc.query(
                      "SELECT id, topic, message_key, payload, traceparent, created_at FROM outbox"
                          + " WHERE sent_at IS NULL AND (SELECT pg_try_advisory_xact_lock(?))"
                          + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                      (rs, i) ->
                          new OutboxRow(
                              rs.getLong("id"),
                              rs.getString("topic"),
                              rs.getString("message_key"),
                              rs.getBytes("payload"),
                              rs.getString("traceparent"),
                              rs.getTimestamp("created_at").toInstant()),
                      SENDER_LOCK,
                      properties.batchSize());
              if (rows.isEmpty()) {
                return 0;
              }
              send(rows);
              Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
              jdbc.update(
                  connection -> {
                    var statement =
                        connection.prepareStatement(
                            "UPDATE outbox SET sent_at = now() WHERE id = ANY(?)");
                    statement.setArray(1, connection.createArrayOf("bigint", ids));
                    return statement;
                  });
              return rows.size();
            });
    return sent == null ? 0 : sent;
  }

  private void send(List<OutboxRow> rows) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(row.topic(), row.key(), row.payload());
      record.headers().add(STRUCTURED_MODE);
      if (row.traceparent() != null) {
        // the trace of the work that wrote the row continues in whoever consumes it (ADR 26)
        record
            .headers()
            .add(TraceContexts.TRACEPARENT, row.traceparent().getBytes(StandardCharsets.US_ASCII));
      }
      acks.add(producer.send(record));
    }
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
    }
    Instant acknowledged = Instant.now();
    for (OutboxRow row : rows) {
      Duration lag = Duration.between(row.createdAt(), acknowledged);
      relayLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }
    rows.stream()
        .collect(Collectors.groupingBy(OutboxRow::topic, Collectors.counting()))
        .forEach(
            (topic, count) ->
                meterRegistry.counter("omnipost.outbox.sent", "topic", topic).increment(count));
  }

  private void updateLag() {
    Double seconds =
        jdbc.queryForObject(
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)"
                + " FROM outbox WHERE sent_at IS NULL",
            Double.class);
    lagMillis.set(seconds == null ? 0 : (long) (seconds * 1000));
  }

  /** The lag gauge once a second and old sent rows once a minute: not on every wake-up. */
  private void housekeeping() {
    Instant now = Instant.now();
    if (!now.isBefore(nextLagUpdate)) {
      nextLagUpdate = now.plusSeconds(1);
      updateLag();
    }
    if (now.isBefore(nextCleanup)) {
      return;
    }
    nextCleanup = now.plus(Duration.ofMinutes(1));
    jdbc.update(
        "DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => ?)",
        (double) properties.retention().toSeconds());
  }

  private record OutboxRow(
      long id, String topic, String key, byte[] payload, String traceparent, Instant createdAt) {}
}

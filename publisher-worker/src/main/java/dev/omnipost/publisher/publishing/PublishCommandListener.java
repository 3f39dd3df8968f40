package dev.omnipost.publisher.publishing;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeleteTarget;
import dev.omnipost.events.commands.PublishTarget;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Consumes {@link PublishTarget} commands (and {@link DeleteTarget} ones, which travel on the same
 * topic so an account's deletes run in its lane after its publishes) and hands each to {@link
 * AccountLanes}: the consumer thread returns at once, many accounts publish concurrently, and one
 * account's commands run in the order they were produced (they are keyed by account). Each record
 * is acknowledged when its steps are done; with the container's {@code MANUAL} ack mode and {@code
 * async-acks}, Spring Kafka commits a partition's offset only below its oldest unacknowledged
 * record, so a crash redelivers every unfinished command (a repeat for a settled or leased target
 * is a no-op).
 *
 * <p>Transient failures are not retried here: a step answering {@code RetryLater} is stored with
 * {@code next_check_at} and the scheduler runs it again (see {@link TargetPublisher}).
 */
public class PublishCommandListener {

  private static final Logger log = LoggerFactory.getLogger(PublishCommandListener.class);

  private final TargetPublisher publisher;
  private final TargetDeleter deleter;
  private final AccountLanes lanes;
  private final TraceContexts traces;
  private final CommittableOffsets offsets = new CommittableOffsets();

  PublishCommandListener(
      TargetPublisher publisher, TargetDeleter deleter, AccountLanes lanes, TraceContexts traces) {
    this.publisher = publisher;
    this.deleter = deleter;
    this.lanes = lanes;
    this.traces = traces;
  }

  @KafkaListener(id = "publisher", topics = Topics.PUBLISH_COMMANDS, idIsGroup = false)
  public void onCommand(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    offsets.started(partition, record.offset(), ack);
    Runnable work;
    String accountId;
    String spanName;
    try {
      CloudEvent event = CloudEventCodec.decode(record.value());
      if (DeleteTarget.TYPE.equals(event.type())) {
        DeleteTarget command = CloudEventCodec.dataAs(event, DeleteTarget.class);
        work = () -> deleter.delete(command);
        accountId = command.accountId();
        spanName = "delete target";
      } else {
        PublishTarget command = CloudEventCodec.dataAs(event, PublishTarget.class);
        work = () -> publisher.publish(command);
        accountId = command.accountId();
        spanName = "publish target";
      }
    } catch (RuntimeException e) {
      log.error("Dropping a publish command that cannot be read (offset {})", record.offset(), e);
      offsets.finished(partition, record.offset());
      return;
    }
    String lane = record.key() != null ? record.key() : accountId;
    // the run continues the trace the command carries (its post's request, ADR 26)
    String traceparent = header(record, TraceContexts.TRACEPARENT);
    Runnable traced = () -> traces.run(spanName, traceparent, work);
    lanes.submit(lane, traced, () -> offsets.finished(partition, record.offset()));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
  }
}

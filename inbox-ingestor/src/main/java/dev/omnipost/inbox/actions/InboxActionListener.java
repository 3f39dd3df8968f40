package dev.omnipost.inbox.actions;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes inbox action commands, and their dead letters. A transient platform failure propagates
 * to the retry topics declared in {@code InboxIngestorConfiguration}; after the last attempt the
 * command arrives at {@link #onDeadLetter}, which fails the action with the last failure's code.
 */
@Component
class InboxActionListener {

  private static final Logger log = LoggerFactory.getLogger(InboxActionListener.class);

  /** The span of one attempt of an action (ADR 30). */
  static final String SPAN = "inbox action";

  private final ActionPerformer performer;
  private final TraceContexts traces;

  InboxActionListener(ActionPerformer performer, TraceContexts traces) {
    this.performer = performer;
    this.traces = traces;
  }

  /**
   * One attempt, in an {@code inbox action} span continuing the record's {@code traceparent} (the
   * gateway's request that asked for the action; retry topics copy the header), so the platform
   * call joins that request's trace.
   */
  @KafkaListener(id = "inbox-actions", topics = Topics.INBOX_ACTIONS)
  void onCommand(ConsumerRecord<String, byte[]> record) {
    PerformInboxAction command = command(record.value());
    traces.run(
        SPAN,
        traceparent(record),
        () -> {
          traces.tag("action_id", command.actionId());
          traces.tag("account_id", command.accountId());
          performer.perform(command);
        });
  }

  void onDeadLetter(
      byte[] payload,
      @Header(name = ActionFailure.CODE_HEADER, required = false) byte[] failureCode) {
    PerformInboxAction command;
    try {
      command = command(payload);
    } catch (RuntimeException unreadable) {
      log.warn("Dropping an unreadable inbox action command: {}", unreadable.getMessage());
      return;
    }
    String code =
        failureCode == null
            ? ActionFailure.WORKER_ERROR
            : new String(failureCode, StandardCharsets.UTF_8);
    performer.giveUp(command, code);
  }

  private static PerformInboxAction command(byte[] payload) {
    CloudEvent event = CloudEventCodec.decode(payload);
    if (!PerformInboxAction.TYPE.equals(event.type())) {
      throw new IllegalArgumentException("unexpected message type " + event.type());
    }
    return CloudEventCodec.dataAs(event, PerformInboxAction.class);
  }

  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    org.apache.kafka.common.header.Header header =
        record.headers().lastHeader(TraceContexts.TRACEPARENT);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
  }
}

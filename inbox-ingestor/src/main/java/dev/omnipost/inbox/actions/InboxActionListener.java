package dev.omnipost.inbox.actions;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import java.nio.charset.StandardCharsets;
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

  private final ActionPerformer performer;

  InboxActionListener(ActionPerformer performer) {
    this.performer = performer;
  }

  @KafkaListener(id = "inbox-actions", topics = Topics.INBOX_ACTIONS)
  void onCommand(byte[] payload) {
    performer.perform(command(payload));
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
}

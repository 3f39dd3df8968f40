package dev.omnipost.events.inbox;

import java.time.Instant;

/**
 * A direct message from someone else to one of the workspace's accounts, seen for the first time
 * (by sync or by the platform's webhook).
 */
public record MessageReceived(
    String messageId,
    String conversationId,
    String accountId,
    String platform,
    String platformMessageId,
    String authorId,
    String authorHandle,
    String authorName,
    String text,
    Instant createdAt)
    implements InboxEvent {

  public static final String TYPE = "message.received";

  @Override
  public String type() {
    return TYPE;
  }
}

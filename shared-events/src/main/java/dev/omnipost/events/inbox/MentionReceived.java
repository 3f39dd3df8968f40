package dev.omnipost.events.inbox;

import java.time.Instant;

/** A post naming one of the workspace's accounts, seen for the first time. */
public record MentionReceived(
    String mentionId,
    String accountId,
    String platform,
    String platformItemId,
    String platformPostId,
    String authorName,
    String text,
    String url,
    Instant createdAt)
    implements InboxEvent {

  public static final String TYPE = "mention.received";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.connectors.inbox;

import java.time.Instant;

/**
 * A direct message as read from a platform, normalised across platforms.
 *
 * @param platformConversationId the platform's thread the message belongs to; null where the
 *     platform did not say (Meta's messaging webhooks name only sender and recipient)
 * @param participant the other party of the conversation (whoever wrote the message)
 * @param fromAccount whether the connected account sent it (false: the other party did)
 */
public record PlatformMessage(
    String platformMessageId,
    String platformConversationId,
    Participant participant,
    String authorId,
    String authorHandle,
    String authorName,
    String text,
    boolean fromAccount,
    Instant createdAt) {

  /**
   * The account's counterpart in a conversation, as the platform names them.
   *
   * @param id the platform's id of the person for this account (Messenger's page-scoped PSID,
   *     Instagram's IGSID, X's user id): what a reply is addressed to
   * @param handle the username, where the platform has one (Instagram, X)
   * @param name the display name, where the platform gives one (Messenger)
   */
  public record Participant(String id, String handle, String name) {}
}

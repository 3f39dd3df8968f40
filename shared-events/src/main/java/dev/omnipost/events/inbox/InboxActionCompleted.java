package dev.omnipost.events.inbox;

/**
 * An inbox action was performed on the platform.
 *
 * @param action {@code reply}, {@code hide}, {@code unhide}, {@code like}, {@code unlike}, {@code
 *     delete} or {@code private_reply}
 * @param itemId the inbox item acted on (a comment id)
 * @param resultItemId the inbox item the action created (the reply's comment id), if any
 * @param platformResultId the platform's id of what it created (the reply, the message), if any
 */
public record InboxActionCompleted(
    String actionId,
    String accountId,
    String platform,
    String action,
    String itemId,
    String resultItemId,
    String platformResultId)
    implements InboxEvent {

  public static final String TYPE = "inbox.action.completed";

  @Override
  public String type() {
    return TYPE;
  }
}

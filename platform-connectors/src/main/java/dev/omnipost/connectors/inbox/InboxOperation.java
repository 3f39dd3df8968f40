package dev.omnipost.connectors.inbox;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an inbox can ask of a platform. A connector lists the operations its platform's API offers
 * ({@link dev.omnipost.connectors.PlatformConnector#inboxOperations()}), so the gateway answers 501
 * {@code platform.unsupported_operation} at once for the others instead of queueing an action that
 * can only fail.
 */
public enum InboxOperation {
  LIST_COMMENTS("list_comments", "list comments"),
  REPLY_TO_COMMENT("reply", "reply to comments"),
  HIDE_COMMENT("hide", "hide comments"),
  LIKE_COMMENT("like", "like comments"),
  DELETE_COMMENT("delete", "delete comments"),
  PRIVATE_REPLY("private_reply", "reply privately to comments"),
  LIST_MENTIONS("list_mentions", "list mentions"),
  LIST_MESSAGES("list_messages", "list direct messages"),
  SEND_MESSAGE("send_message", "send direct messages"),
  LIST_REVIEWS("list_reviews", "list reviews"),
  REPLY_TO_REVIEW("reply_to_review", "reply to reviews");

  private final String id;
  private final String description;

  InboxOperation(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The operation's name in the API and the events, e.g. {@code private_reply}. */
  public String id() {
    return id;
  }

  /** For messages: "{platform} does not support {description}". */
  public String description() {
    return description;
  }

  public static Optional<InboxOperation> fromId(String id) {
    return Arrays.stream(values()).filter(op -> op.id.equals(id)).findFirst();
  }
}

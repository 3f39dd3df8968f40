package dev.omnipost.gateway.inbox;

import dev.omnipost.connectors.inbox.InboxOperation;

/** The actions the API can ask for on a comment, with the platform operation each needs. */
enum CommentAction {
  REPLY("reply", InboxOperation.REPLY_TO_COMMENT, true),
  HIDE("hide", InboxOperation.HIDE_COMMENT, false),
  UNHIDE("unhide", InboxOperation.HIDE_COMMENT, false),
  LIKE("like", InboxOperation.LIKE_COMMENT, false),
  UNLIKE("unlike", InboxOperation.LIKE_COMMENT, false),
  DELETE("delete", InboxOperation.DELETE_COMMENT, false),
  PRIVATE_REPLY("private_reply", InboxOperation.PRIVATE_REPLY, true);

  private final String id;
  private final InboxOperation operation;
  private final boolean needsText;

  CommentAction(String id, InboxOperation operation, boolean needsText) {
    this.id = id;
    this.operation = operation;
    this.needsText = needsText;
  }

  /** As stored in {@code inbox_actions.action} and shown in the API and events. */
  String id() {
    return id;
  }

  InboxOperation operation() {
    return operation;
  }

  boolean needsText() {
    return needsText;
  }
}

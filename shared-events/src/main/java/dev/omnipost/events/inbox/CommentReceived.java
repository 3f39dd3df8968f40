package dev.omnipost.events.inbox;

import java.time.Instant;

/** A comment seen for the first time on one of the workspace's accounts. */
public record CommentReceived(
    String commentId,
    String accountId,
    String platform,
    String platformCommentId,
    String platformPostId,
    String postId,
    String authorName,
    String text,
    Instant createdAt)
    implements InboxEvent {

  public static final String TYPE = "comment.received";

  @Override
  public String type() {
    return TYPE;
  }
}

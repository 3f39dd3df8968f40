package dev.omnipost.events.posts;

/**
 * A worker lost track of a publish attempt and the platform could not tell whether the post exists
 * (or it does, but the result could not be stored); a human decides rather than risking a double
 * post.
 *
 * @param platformPostId the platform's id when the platform accepted the post, else null
 */
public record PostTargetUnconfirmed(
    String postId, String accountId, String platform, String reason, String platformPostId)
    implements PostEvent {

  public static final String TYPE = "post.target.unconfirmed";

  public PostTargetUnconfirmed(String postId, String accountId, String platform, String reason) {
    this(postId, accountId, platform, reason, null);
  }

  @Override
  public String type() {
    return TYPE;
  }
}

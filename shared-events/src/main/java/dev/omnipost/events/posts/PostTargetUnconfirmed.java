package dev.omnipost.events.posts;

/**
 * A worker lost track of a publish attempt and the platform could not tell whether the post exists;
 * a human decides rather than risking a double post.
 */
public record PostTargetUnconfirmed(String postId, String accountId, String platform, String reason)
    implements PostEvent {

  public static final String TYPE = "post.target.unconfirmed";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.posts;

/** One account's copy of a post could not be published; the message is the platform's. */
public record PostTargetFailed(
    String postId,
    String accountId,
    String platform,
    String errorCode,
    String errorMessage,
    int attempts)
    implements PostEvent {

  public static final String TYPE = "post.target.failed";

  @Override
  public String type() {
    return TYPE;
  }
}

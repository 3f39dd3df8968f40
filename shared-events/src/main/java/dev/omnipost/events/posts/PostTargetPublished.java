package dev.omnipost.events.posts;

import java.time.Instant;

/** One account's copy of a post is live on its platform. */
public record PostTargetPublished(
    String postId,
    String accountId,
    String platform,
    String platformPostId,
    String permalink,
    Instant publishedAt,
    int attempts)
    implements PostEvent {

  public static final String TYPE = "post.target.published";

  @Override
  public String type() {
    return TYPE;
  }
}

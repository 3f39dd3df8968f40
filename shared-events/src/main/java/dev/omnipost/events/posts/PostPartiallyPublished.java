package dev.omnipost.events.posts;

import java.util.List;

/** Some targets were published and at least one failed. */
public record PostPartiallyPublished(String postId, String status, List<TargetOutcome> targets)
    implements PostEvent {

  public static final String TYPE = "post.partially_published";

  @Override
  public String type() {
    return TYPE;
  }
}

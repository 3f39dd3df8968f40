package dev.omnipost.events.posts;

import java.util.List;

/** Every target of the post was published. */
public record PostPublished(String postId, String status, List<TargetOutcome> targets)
    implements PostEvent {

  public static final String TYPE = "post.published";

  @Override
  public String type() {
    return TYPE;
  }
}

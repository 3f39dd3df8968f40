package dev.omnipost.events.posts;

import java.util.List;

/** No target of the post was published. */
public record PostFailed(String postId, String status, List<TargetOutcome> targets)
    implements PostEvent {

  public static final String TYPE = "post.failed";

  @Override
  public String type() {
    return TYPE;
  }
}

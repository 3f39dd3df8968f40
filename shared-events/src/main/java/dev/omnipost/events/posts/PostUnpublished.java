package dev.omnipost.events.posts;

import java.util.List;

/**
 * A post was deleted from its platforms on request; {@code targets} says, per account, whether the
 * copy is {@code deleted} or why it is still live.
 */
public record PostUnpublished(String postId, List<TargetOutcome> targets) implements PostEvent {

  public static final String TYPE = "post.unpublished";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.posts;

import java.time.Instant;
import java.util.List;

/** A post was accepted for publishing at a later time. */
public record PostScheduled(String postId, List<String> accountIds, Instant scheduledAt)
    implements PostEvent {

  public static final String TYPE = "post.scheduled";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.posts;

import java.time.Instant;
import java.util.List;

/** A post was accepted; {@code scheduledAt} is null when it publishes now. */
public record PostCreated(
    String postId, String status, List<String> accountIds, Instant scheduledAt)
    implements PostEvent {

  public static final String TYPE = "post.created";

  @Override
  public String type() {
    return TYPE;
  }
}

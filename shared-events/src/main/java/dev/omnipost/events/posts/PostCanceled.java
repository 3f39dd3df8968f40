package dev.omnipost.events.posts;

import java.util.List;

/** A draft or scheduled post was canceled: none of its targets reaches a platform. */
public record PostCanceled(String postId, List<String> accountIds) implements PostEvent {

  public static final String TYPE = "post.canceled";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.commands;

import dev.omnipost.events.Command;

/** Publish one post target now; produced by the scheduler when the target is due. */
public record PublishTarget(String targetId, String postId, String accountId, String workspaceId)
    implements Command {

  public static final String TYPE = "command.publish_target";

  @Override
  public String type() {
    return TYPE;
  }
}

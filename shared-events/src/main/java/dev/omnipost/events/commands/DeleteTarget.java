package dev.omnipost.events.commands;

import dev.omnipost.events.Command;

/**
 * Delete one published post target from its platform; produced by the gateway's unpublish route
 * (and by the scheduler for a delete retry) on the publish-commands topic, keyed by account id so
 * it runs in the account's lane after any publish of that account.
 */
public record DeleteTarget(String targetId, String postId, String accountId, String workspaceId)
    implements Command {

  public static final String TYPE = "command.delete_target";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.commands;

import dev.omnipost.events.Command;

/** Perform the inbox action the gateway stored in {@code inbox_actions}. */
public record PerformInboxAction(String actionId, String workspaceId, String accountId)
    implements Command {

  public static final String TYPE = "command.inbox_action";

  @Override
  public String type() {
    return TYPE;
  }
}

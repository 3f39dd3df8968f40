package dev.omnipost.events.commands;

import dev.omnipost.events.Command;

/** Run one AI generation whose request the gateway stored in {@code ai_generations}. */
public record GenerateContent(String generationId, String workspaceId) implements Command {

  public static final String TYPE = "command.ai_generate";

  @Override
  public String type() {
    return TYPE;
  }
}

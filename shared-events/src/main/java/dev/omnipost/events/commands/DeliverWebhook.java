package dev.omnipost.events.commands;

import dev.omnipost.events.Command;

/** Attempt one stored webhook delivery; {@code trigger} is {@code scheduled} or {@code manual}. */
public record DeliverWebhook(
    String deliveryId, String endpointId, String workspaceId, String trigger) implements Command {

  public static final String TYPE = "command.deliver_webhook";

  @Override
  public String type() {
    return TYPE;
  }
}

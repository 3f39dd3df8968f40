package dev.omnipost.events.webhooks;

/** A test event a user asked to send to one endpoint. */
public record WebhookTest(String endpointId, String message) implements WebhookEvent {

  public static final String TYPE = "webhook.test";

  @Override
  public String type() {
    return TYPE;
  }
}

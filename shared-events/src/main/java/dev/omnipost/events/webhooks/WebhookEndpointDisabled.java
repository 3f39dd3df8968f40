package dev.omnipost.events.webhooks;

/** The dispatcher stopped sending to an endpoint (it answered 410, or failed for too long). */
public record WebhookEndpointDisabled(String endpointId, String url, String reason)
    implements WebhookEvent {

  public static final String TYPE = "webhook.endpoint.disabled";

  @Override
  public String type() {
    return TYPE;
  }
}

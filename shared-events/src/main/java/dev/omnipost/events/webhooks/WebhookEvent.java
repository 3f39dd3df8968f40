package dev.omnipost.events.webhooks;

import dev.omnipost.events.DomainEvent;

/** Facts about webhook endpoints themselves. */
public sealed interface WebhookEvent extends DomainEvent
    permits WebhookTest, WebhookEndpointDisabled {

  String endpointId();
}

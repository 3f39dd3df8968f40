package dev.omnipost.gateway.webhooks;

import java.util.List;

/**
 * The body of {@code POST /v1/webhooks}; an empty or missing {@code events} means every event. An
 * endpoint with a {@code brandId} receives only that brand's events.
 */
record CreateWebhookRequest(
    String url,
    List<String> events,
    String description,
    Boolean enabled,
    Integer rateLimitPerSecond,
    String brandId) {}

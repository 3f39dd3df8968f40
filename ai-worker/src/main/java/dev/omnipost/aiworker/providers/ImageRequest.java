package dev.omnipost.aiworker.providers;

import dev.omnipost.connectors.Platform;

/**
 * An image to make: what it shows, for which platform, and its exact size in pixels (the gateway
 * chose it for the platform, or took the request's {@code size}).
 */
public record ImageRequest(
    String prompt, Platform platform, String mode, String tone, int width, int height) {}

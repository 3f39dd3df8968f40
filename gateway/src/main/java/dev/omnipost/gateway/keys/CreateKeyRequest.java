package dev.omnipost.gateway.keys;

import java.util.List;

/**
 * The body of {@code POST /v1/keys}. {@code expiresAt} stays text so a bad timestamp gets a 400
 * that says what RFC 3339 looks like.
 */
record CreateKeyRequest(
    String name,
    List<String> scopes,
    List<String> brandIds,
    String expiresAt,
    Integer rateLimitPerMinute) {}

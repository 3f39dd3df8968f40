package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.web.Caller;
import java.time.Instant;
import java.util.Set;

/** An {@code api_keys} row as authentication needs it. */
record StoredApiKey(
    String id,
    String workspaceId,
    Set<String> scopes,
    Set<String> brandIds,
    Instant expiresAt,
    Instant revokedAt,
    Integer rateLimitPerMinute) {

  boolean isUsableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  Caller toCaller() {
    return new Caller(workspaceId, id, scopes, brandIds, rateLimitPerMinute);
  }
}

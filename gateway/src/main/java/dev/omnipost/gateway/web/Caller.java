package dev.omnipost.gateway.web;

import java.util.Set;

/**
 * Who is calling: the workspace and API key a request authenticated as. Handlers declare a {@code
 * Caller} parameter and filter every query by {@link #workspaceId()}, so one workspace can never
 * read another's data.
 *
 * @param brandIds the brands the key is restricted to; empty means all brands
 * @param rateLimitPerMinute the key's own limit, else its workspace's; null means the gateway's
 *     default
 */
public record Caller(
    String workspaceId,
    String apiKeyId,
    Set<String> scopes,
    Set<String> brandIds,
    Integer rateLimitPerMinute) {

  public boolean hasScope(String scope) {
    return !Scopes.ANY_KEY.equals(scope) && scopes.contains(scope);
  }

  /** Throws 403 {@code auth.forbidden_scope} unless the key carries {@code scope}. */
  public void requireScope(String scope) {
    if (!hasScope(scope)) {
      throw ApiException.forbiddenScope(scope);
    }
  }
}

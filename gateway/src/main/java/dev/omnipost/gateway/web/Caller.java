package dev.omnipost.gateway.web;

import java.util.Set;

/**
 * Who is calling: the workspace and API key a request authenticated as. Handlers declare a {@code
 * Caller} parameter and filter every query by {@link #workspaceId()}, so one workspace can never
 * read another's data. A key restricted to brands ({@link #isBrandRestricted()}) also filters by
 * brand: it sees only its brands' accounts and what belongs to them, answered as 404 or an empty
 * list otherwise.
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

  /** Whether the key is limited to some brands (and so never sees workspace-wide resources). */
  public boolean isBrandRestricted() {
    return !brandIds.isEmpty();
  }

  /**
   * Whether the key may see something that belongs to {@code brandId}: an unrestricted key sees
   * everything; a restricted key only its brands' resources, never brandless (workspace-wide) ones.
   */
  public boolean mayAccessBrand(String brandId) {
    return !isBrandRestricted() || (brandId != null && brandIds.contains(brandId));
  }

  /** {@link #brandIds()} as an array, to bind to {@code = ANY(:brands)} in SQL. */
  public String[] brandIdArray() {
    return brandIds.toArray(String[]::new);
  }

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

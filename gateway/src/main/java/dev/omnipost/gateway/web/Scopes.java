package dev.omnipost.gateway.web;

import java.util.List;

/** The API key scopes of the API contract; handlers pass one to {@link Caller#requireScope}. */
public final class Scopes {

  public static final String POSTS_READ = "posts:read";
  public static final String POSTS_WRITE = "posts:write";
  public static final String POSTS_PUBLISH = "posts:publish";
  public static final String ACCOUNTS_READ = "accounts:read";
  public static final String ACCOUNTS_WRITE = "accounts:write";
  public static final String INBOX_READ = "inbox:read";
  public static final String INBOX_WRITE = "inbox:write";
  public static final String AI_GENERATE = "ai:generate";
  public static final String MEDIA_WRITE = "media:write";
  public static final String WEBHOOKS_MANAGE = "webhooks:manage";
  public static final String ANALYTICS_READ = "analytics:read";
  public static final String KEYS_MANAGE = "keys:manage";

  /**
   * Not a scope: declared with {@code @RequiresScope(Scopes.ANY_KEY)} by the few routes any valid
   * API key of the workspace may call whatever its scopes (its own workspace's plan and usage). The
   * key must still be valid; it is not part of {@link #ALL}, so no key can be given it, and {@link
   * Caller#requireScope} refuses it.
   */
  public static final String ANY_KEY = "any_key";

  /** Every scope; the operator's bootstrap key carries all of them. */
  public static final List<String> ALL =
      List.of(
          POSTS_READ,
          POSTS_WRITE,
          POSTS_PUBLISH,
          ACCOUNTS_READ,
          ACCOUNTS_WRITE,
          INBOX_READ,
          INBOX_WRITE,
          AI_GENERATE,
          MEDIA_WRITE,
          WEBHOOKS_MANAGE,
          ANALYTICS_READ,
          KEYS_MANAGE);

  private Scopes() {}
}

package dev.omnipost.connectors;

import java.util.List;

/**
 * Speaks one platform's documented API. Implementations are thread-safe and stateless apart from
 * their HTTP client; where the platform lives is configuration (a base URL), so the same connector
 * talks to the real platform or to the platform sandbox.
 *
 * <p>Failures are reported as {@link PlatformException} subtypes: {@link
 * TransientPlatformException} (429, 5xx, timeouts: retry later), {@link AuthExpiredException}
 * (reconnect the account) and {@link PermanentPlatformException} (the platform rejected the
 * request: do not retry).
 */
public interface PlatformConnector {

  Platform platform();

  /** Publishes a post, waiting for any asynchronous processing the platform requires. */
  PublishedPost publish(AccountCredentials account, PublishRequest request);

  /**
   * Comments on the account's recent posts, oldest first. Callers de-duplicate on {@link
   * PlatformComment#platformCommentId()}.
   *
   * @throws UnsupportedPlatformOperationException if the platform has no comments API
   */
  default List<PlatformComment> listRecentComments(AccountCredentials account) {
    throw new UnsupportedPlatformOperationException(platform(), "list comments");
  }
}

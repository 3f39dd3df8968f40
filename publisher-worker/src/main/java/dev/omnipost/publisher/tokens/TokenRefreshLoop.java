package dev.omnipost.publisher.tokens;

import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.publisher.scheduling.PeriodicPass;

/**
 * Runs the {@link TokenRefresher} every {@code omnipost.oauth.refresh-interval} on its own thread.
 */
class TokenRefreshLoop extends PeriodicPass {

  private static final int BATCH = 50;

  private final TokenRefresher refresher;

  TokenRefreshLoop(TokenRefresher refresher, OAuthSettings settings) {
    super("token-refresher-", settings.refreshInterval());
    this.refresher = refresher;
  }

  @Override
  protected void pass() {
    while (refresher.refreshDue(BATCH) == BATCH) {
      // a full batch: more may be due
    }
    refresher.warnExpiring(BATCH);
  }
}

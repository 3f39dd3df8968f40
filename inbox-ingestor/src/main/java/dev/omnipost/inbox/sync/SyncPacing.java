package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.inbox.InboxProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * How long an account waits between two syncs of one kind: half the sync interval at least, and,
 * when pacing by rate budget, long enough that the syncs use no more than {@code rate-budget-share}
 * of the platform's documented per-account budget (Instagram 200 calls/h at a quarter share: every
 * 72 s; Mastodon 300/5 min: every 4 s; X 100/15 min: every 36 s).
 */
@Component
class SyncPacing {

  private final PlatformConnectors connectors;
  private final InboxProperties properties;

  SyncPacing(PlatformConnectors connectors, InboxProperties properties) {
    this.connectors = connectors;
    this.properties = properties;
  }

  Duration minGap(String platformId) {
    Duration half = properties.syncInterval().dividedBy(2);
    if (!properties.paceByRateBudget()) {
      return half;
    }
    RateBudget budget =
        Platform.fromId(platformId)
            .flatMap(connectors::forPlatform)
            .map(c -> c.rateBudget())
            .orElse(RateBudget.unlimited());
    if (budget.isUnlimited()) {
      return half;
    }
    Duration paced =
        Duration.ofMillis(
            (long)
                Math.ceil(
                    budget.window().toMillis() / (budget.calls() * properties.rateBudgetShare())));
    return paced.compareTo(half) > 0 ? paced : half;
  }
}

package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.persistence.tracing.TraceContexts;
import org.springframework.stereotype.Service;

/**
 * One review sync round: every connected account of a platform in {@code
 * omnipost.inbox.review-platforms} whose connector lists reviews, each in its own transaction,
 * paced by {@link SyncPacing}.
 */
@Service
public class ReviewSync {

  private final SyncRound round;

  ReviewSync(
      InboxStore store,
      AccountReviewSync accountSync,
      SyncPacing pacing,
      SyncMetrics metrics,
      InboxProperties properties,
      PlatformConnectors connectors,
      TraceContexts traces) {
    this.round =
        new SyncRound(
            "review",
            ReviewStore.REVIEWS,
            SyncRound.platforms(
                "omnipost.inbox.review-platforms",
                properties.reviewPlatforms(),
                connectors,
                InboxOperation.LIST_REVIEWS),
            accountSync::sync,
            metrics::reviewsIngested,
            store,
            pacing,
            metrics,
            properties.accountsPerRound(),
            traces);
  }

  /** Syncs the accounts due now; returns how many new reviews were stored. */
  public int syncRound() {
    return round.run();
  }
}

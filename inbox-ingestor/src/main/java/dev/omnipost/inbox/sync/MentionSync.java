package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.persistence.tracing.TraceContexts;
import org.springframework.stereotype.Service;

/**
 * One mention sync round: every connected account of a platform in {@code
 * omnipost.inbox.mention-platforms} whose connector lists mentions, each in its own transaction,
 * paced by {@link SyncPacing}.
 */
@Service
public class MentionSync {

  private final SyncRound round;

  MentionSync(
      InboxStore store,
      AccountMentionSync accountSync,
      SyncPacing pacing,
      SyncMetrics metrics,
      InboxProperties properties,
      PlatformConnectors connectors,
      TraceContexts traces) {
    this.round =
        new SyncRound(
            "mention",
            InboxStore.MENTIONS,
            SyncRound.platforms(
                "omnipost.inbox.mention-platforms",
                properties.mentionPlatforms(),
                connectors,
                InboxOperation.LIST_MENTIONS),
            accountSync::sync,
            metrics::mentionsIngested,
            store,
            pacing,
            metrics,
            properties.accountsPerRound(),
            traces);
  }

  /** Syncs the accounts due now; returns how many new mentions were stored. */
  public int syncRound() {
    return round.run();
  }
}

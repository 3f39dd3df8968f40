package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.persistence.tracing.TraceContexts;
import org.springframework.stereotype.Service;

/**
 * One message sync round: every connected account of a platform in {@code
 * omnipost.inbox.message-platforms} whose connector lists direct messages, each in its own
 * transaction, paced by {@link SyncPacing}.
 */
@Service
public class MessageSync {

  private final SyncRound round;

  MessageSync(
      InboxStore store,
      AccountMessageSync accountSync,
      SyncPacing pacing,
      SyncMetrics metrics,
      InboxProperties properties,
      PlatformConnectors connectors,
      TraceContexts traces) {
    this.round =
        new SyncRound(
            "message",
            MessageStore.KIND,
            SyncRound.platforms(
                "omnipost.inbox.message-platforms",
                properties.messagePlatforms(),
                connectors,
                InboxOperation.LIST_MESSAGES),
            accountSync::sync,
            metrics::messagesIngested,
            store,
            pacing,
            metrics,
            properties.accountsPerRound(),
            traces);
  }

  /** Syncs the accounts due now; returns how many new messages were stored. */
  public int syncRound() {
    return round.run();
  }
}

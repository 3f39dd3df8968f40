package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One message sync round: every connected account of a platform in {@code
 * omnipost.inbox.message-platforms} whose connector lists direct messages, each in its own
 * transaction, paced by {@link SyncPacing}.
 */
@Service
public class MessageSync {

  private static final Logger log = LoggerFactory.getLogger(MessageSync.class);

  private final InboxStore store;
  private final AccountMessageSync accountSync;
  private final SyncPacing pacing;
  private final SyncMetrics metrics;
  private final InboxProperties properties;
  private final List<String> platforms;

  MessageSync(
      InboxStore store,
      AccountMessageSync accountSync,
      SyncPacing pacing,
      SyncMetrics metrics,
      InboxProperties properties,
      PlatformConnectors connectors) {
    this.store = store;
    this.accountSync = accountSync;
    this.pacing = pacing;
    this.metrics = metrics;
    this.properties = properties;
    this.platforms =
        properties.messagePlatforms().stream()
            .map(
                id ->
                    Platform.fromId(id)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "omnipost.inbox.message-platforms: unknown platform "
                                        + id
                                        + "; valid: "
                                        + Platform.ids())))
            .filter(
                p ->
                    connectors
                        .forPlatform(p)
                        .map(c -> c.supports(InboxOperation.LIST_MESSAGES))
                        .orElse(false))
            .map(Platform::id)
            .sorted()
            .toList();
  }

  /** Syncs the accounts due now; returns how many new messages were stored. */
  public int syncRound() {
    List<InboxStore.DueAccount> accounts;
    try {
      accounts = store.dueAccounts(MessageStore.KIND, platforms, properties.accountsPerRound());
    } catch (RuntimeException e) {
      log.warn("message sync round skipped: {}", e.getMessage());
      return 0;
    }
    int stored = 0;
    for (InboxStore.DueAccount due : accounts) {
      try {
        SyncOutcome outcome = accountSync.sync(due.id(), pacing.minGap(due.platform()));
        if (outcome.platform() != null) {
          metrics.messagesIngested(outcome.platform(), outcome.newComments());
          if (outcome.failureReason() != null) {
            metrics.failed(outcome.platform(), outcome.failureReason());
          }
        }
        stored += outcome.newComments();
      } catch (PlatformException e) {
        log.warn(
            "message sync of account {} failed at {}: {} ({})",
            due.id(),
            e.platform().id(),
            e.getMessage(),
            e.code());
        metrics.failed(e.platform().id(), e.code());
      } catch (RuntimeException e) {
        log.warn("message sync of account {} failed: {}", due.id(), e.toString());
        metrics.failed("unknown", "error");
      }
    }
    return stored;
  }
}

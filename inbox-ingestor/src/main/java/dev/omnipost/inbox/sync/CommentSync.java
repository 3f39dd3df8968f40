package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One sync round: every connected account of a platform with a comments API, each in its own
 * transaction so one account's failure never stops the others. Several instances may run rounds at
 * the same time; the claim in {@link AccountCommentSync} gives each account to one of them.
 */
@Service
public class CommentSync {

  private static final Logger log = LoggerFactory.getLogger(CommentSync.class);

  private final InboxStore store;
  private final CommentConnectors connectors;
  private final AccountCommentSync accountSync;
  private final SyncMetrics metrics;
  private final InboxProperties properties;
  private final SyncPacing pacing;
  private final TraceContexts traces;

  CommentSync(
      InboxStore store,
      CommentConnectors connectors,
      AccountCommentSync accountSync,
      SyncMetrics metrics,
      InboxProperties properties,
      SyncPacing pacing,
      TraceContexts traces) {
    this.store = store;
    this.connectors = connectors;
    this.accountSync = accountSync;
    this.metrics = metrics;
    this.properties = properties;
    this.pacing = pacing;
    this.traces = traces;
  }

  /** Syncs the accounts due now; returns how many new comments were stored. */
  public int syncRound() {
    List<InboxStore.DueAccount> accounts;
    try {
      accounts =
          store.dueAccounts(
              InboxStore.KIND, connectors.platformIds(), properties.accountsPerRound());
    } catch (RuntimeException e) {
      log.warn("inbox sync round skipped: {}", e.getMessage());
      return 0;
    }
    int stored = 0;
    for (InboxStore.DueAccount due : accounts) {
      // each account's sync is a trace of its own (ADR 30): nothing asked for it but the clock
      stored += traces.call(SyncRound.SPAN, null, () -> syncAccount(due));
    }
    return stored;
  }

  private int syncAccount(InboxStore.DueAccount due) {
    String accountId = due.id();
    traces.tag("kind", InboxStore.KIND);
    traces.tag("platform", due.platform());
    traces.tag("account_id", accountId);
    long started = System.nanoTime();
    try {
      // synced less than the platform's pacing gap ago (by any instance): the next round
      SyncOutcome outcome = accountSync.sync(accountId, pacing.minGap(due.platform()));
      traces.tag("outcome", outcome.name());
      if (outcome.platform() != null) {
        metrics.synced(
            outcome.platform(), outcome.name(), Duration.ofNanos(System.nanoTime() - started));
        metrics.ingested(outcome.platform(), outcome.newComments());
        if (outcome.failureReason() != null) {
          metrics.failed(outcome.platform(), outcome.failureReason());
        }
      }
      return outcome.newComments();
    } catch (PlatformException e) {
      log.warn(
          "inbox sync of account {} failed at {}: {} ({})",
          accountId,
          e.platform().id(),
          e.getMessage(),
          e.code());
      traces.tag("outcome", "failed");
      traces.tag("error_code", e.code());
      metrics.failed(e.platform().id(), e.code());
      metrics.synced(e.platform().id(), "failed", Duration.ofNanos(System.nanoTime() - started));
      store.deferAfterFailure(accountId, InboxStore.KIND);
    } catch (RuntimeException e) {
      log.warn("inbox sync of account {} failed: {}", accountId, e.toString());
      traces.tag("outcome", "failed");
      traces.tag("error_code", "error");
      metrics.failed("unknown", "error");
      store.deferAfterFailure(accountId, InboxStore.KIND);
    }
    return 0;
  }

  /** What happened to one account; platform is null when it was not ours to sync this round. */
  record SyncOutcome(String platform, String name, int newComments, String failureReason) {

    static SyncOutcome skipped() {
      return new SyncOutcome(null, "skipped", 0, null);
    }

    static SyncOutcome synced(String platform, int newComments) {
      return new SyncOutcome(platform, "synced", newComments, null);
    }

    static SyncOutcome expired(String platform, AuthExpiredException e) {
      return new SyncOutcome(platform, "auth_expired", 0, e.code());
    }
  }
}

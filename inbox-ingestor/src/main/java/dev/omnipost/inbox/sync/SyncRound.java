package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.time.Duration;
import java.util.List;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync round of one kind of inbox item (mentions, reviews, messages): every connected account
 * due for that kind on the platforms that sync it, each in its own transaction, paced by {@link
 * SyncPacing}. A failed account is logged, counted and deferred by its pacing gap ({@link
 * InboxStore#deferAfterFailure}), and the round goes on; a round that cannot even find its accounts
 * is skipped until the next. The kinds differ only in their cursor kind, their platforms and their
 * per-account sync, which the kind's service passes in.
 */
final class SyncRound {

  private static final Logger log = LoggerFactory.getLogger(SyncRound.class);

  /** The span of one account's sync of one kind (ADR 30). */
  static final String SPAN = "inbox sync";

  /** What one account's sync of the kind does. */
  interface AccountSync {
    SyncOutcome sync(String accountId, Duration minGap);
  }

  private final String noun;
  private final String kind;
  private final List<String> platforms;
  private final AccountSync accountSync;
  private final ObjIntConsumer<String> ingested;
  private final InboxStore store;
  private final SyncPacing pacing;
  private final SyncMetrics metrics;
  private final int accountsPerRound;
  private final TraceContexts traces;

  /**
   * @param noun what the kind's items are called in the log ({@code review})
   * @param kind the {@code inbox_cursors} kind
   * @param platforms the platforms that sync it ({@link #platforms})
   * @param ingested counts new items per platform
   */
  SyncRound(
      String noun,
      String kind,
      List<String> platforms,
      AccountSync accountSync,
      ObjIntConsumer<String> ingested,
      InboxStore store,
      SyncPacing pacing,
      SyncMetrics metrics,
      int accountsPerRound,
      TraceContexts traces) {
    this.noun = noun;
    this.kind = kind;
    this.platforms = platforms;
    this.accountSync = accountSync;
    this.ingested = ingested;
    this.store = store;
    this.pacing = pacing;
    this.metrics = metrics;
    this.accountsPerRound = accountsPerRound;
    this.traces = traces;
  }

  /**
   * The platforms of a setting ({@code omnipost.inbox.review-platforms}) whose connector offers
   * {@code operation}, sorted; an unknown platform id fails start-up naming the setting.
   */
  static List<String> platforms(
      String setting, List<String> ids, PlatformConnectors connectors, InboxOperation operation) {
    return ids.stream()
        .map(
            id ->
                Platform.fromId(id)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                setting
                                    + ": unknown platform "
                                    + id
                                    + "; valid: "
                                    + Platform.ids())))
        .filter(p -> connectors.forPlatform(p).map(c -> c.supports(operation)).orElse(false))
        .map(Platform::id)
        .sorted()
        .toList();
  }

  /** Syncs the accounts due now; returns how many new items were stored. */
  int run() {
    List<InboxStore.DueAccount> accounts;
    try {
      accounts = store.dueAccounts(kind, platforms, accountsPerRound);
    } catch (RuntimeException e) {
      log.warn("{} sync round skipped: {}", noun, e.getMessage());
      return 0;
    }
    int stored = 0;
    for (InboxStore.DueAccount due : accounts) {
      // each account's sync is a trace of its own (ADR 30): nothing asked for it but the clock
      stored += traces.call(SPAN, null, () -> syncAccount(due));
    }
    return stored;
  }

  private int syncAccount(InboxStore.DueAccount due) {
    traces.tag("kind", kind);
    traces.tag("platform", due.platform());
    traces.tag("account_id", due.id());
    try {
      SyncOutcome outcome = accountSync.sync(due.id(), pacing.minGap(due.platform()));
      traces.tag("outcome", outcome.name());
      if (outcome.platform() != null) {
        ingested.accept(outcome.platform(), outcome.newComments());
        if (outcome.failureReason() != null) {
          metrics.failed(outcome.platform(), outcome.failureReason());
        }
      }
      return outcome.newComments();
    } catch (PlatformException e) {
      log.warn(
          "{} sync of account {} failed at {}: {} ({})",
          noun,
          due.id(),
          e.platform().id(),
          e.getMessage(),
          e.code());
      traces.tag("outcome", "failed");
      traces.tag("error_code", e.code());
      metrics.failed(e.platform().id(), e.code());
      store.deferAfterFailure(due.id(), kind);
    } catch (RuntimeException e) {
      log.warn("{} sync of account {} failed: {}", noun, due.id(), e.toString());
      traces.tag("outcome", "failed");
      traces.tag("error_code", "error");
      metrics.failed("unknown", "error");
      store.deferAfterFailure(due.id(), kind);
    }
    return 0;
  }
}

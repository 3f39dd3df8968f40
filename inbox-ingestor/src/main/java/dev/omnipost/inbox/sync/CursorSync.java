package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.inbox.accounts.AccountCredentialsReader;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs one account's items of one kind behind a cursor, in one transaction: claim the account's
 * cursor row of that kind ({@code FOR UPDATE SKIP LOCKED}, at most once per pacing gap), read the
 * items after the cursor through the connector, hand each to the kind's intake (which stores the
 * new ones and announces them through the outbox), and move the cursor to what the platform
 * answered. A refused token marks the account {@code expired} with one {@code
 * account.needs_reconnect}. Mentions, reviews and messages sync this way; they differ only in the
 * connector call and the intake.
 */
@Component
class CursorSync {

  /** The connector call that reads one page of the kind after a cursor. */
  interface Lister<T> {
    SyncPage<T> list(PlatformConnector connector, AccountCredentials account, String cursor);
  }

  /** Stores one item if it is new and announces it; true when it was new. */
  interface Intake<T> {
    boolean take(SyncedAccount account, T item);
  }

  private final InboxStore store;
  private final PlatformConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  CursorSync(
      InboxStore store,
      PlatformConnectors connectors,
      AccountCredentialsReader credentials,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions) {
    this.store = store;
    this.connectors = connectors;
    this.credentials = credentials;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  <T> SyncOutcome sync(
      String accountId,
      Duration minGap,
      String kind,
      InboxOperation operation,
      Lister<T> lister,
      Intake<T> intake) {
    store.ensureCursor(accountId, kind);
    return transactions.execute(
        tx -> {
          Optional<SyncedAccount> claimed = store.claim(accountId, kind, minGap);
          if (claimed.isEmpty()) {
            return SyncOutcome.skipped();
          }
          SyncedAccount account = claimed.get();
          Platform platform = Platform.fromId(account.platform()).orElseThrow();
          PlatformConnector connector =
              connectors.forPlatform(platform).filter(c -> c.supports(operation)).orElse(null);
          if (connector == null) {
            return SyncOutcome.skipped();
          }
          SyncPage<T> page;
          try {
            page =
                lister.list(
                    connector,
                    credentials.read(
                        account.id(),
                        platform,
                        account.platformAccountId(),
                        account.handle(),
                        account.accessTokenEncrypted(),
                        account.settingsJson()),
                    account.cursor());
          } catch (AuthExpiredException e) {
            if (store.markExpired(account.id())) {
              outbox.publishEvent(
                  codec.wrap(
                      new AccountNeedsReconnect(account.id(), account.platform(), e.getMessage()),
                      account.workspaceId(),
                      account.id()));
            }
            store.markSynced(account.id(), kind, null);
            return SyncOutcome.expired(account.platform(), e);
          }
          int taken = 0;
          for (T item : page.items()) {
            if (intake.take(account, item)) {
              taken++;
            }
          }
          store.markSynced(account.id(), kind, page.nextCursor());
          return SyncOutcome.synced(account.platform(), taken);
        });
  }
}

package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMessage;
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
 * Syncs one account's direct messages in one transaction, as {@link AccountMentionSync} does its
 * mentions: claim the {@code messages} cursor row, read the threads updated after the cursor, store
 * each new message through {@link MessageIntake} (one {@code message.received} per new message from
 * someone else), and move the cursor to what the platform answered.
 */
@Component
class AccountMessageSync {

  private final InboxStore store;
  private final MessageIntake intake;
  private final PlatformConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  AccountMessageSync(
      InboxStore store,
      MessageIntake intake,
      PlatformConnectors connectors,
      AccountCredentialsReader credentials,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions) {
    this.store = store;
    this.intake = intake;
    this.connectors = connectors;
    this.credentials = credentials;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  SyncOutcome sync(String accountId, Duration minGap) {
    store.ensureCursor(accountId, MessageStore.KIND);
    return transactions.execute(
        tx -> {
          Optional<SyncedAccount> claimed = store.claim(accountId, MessageStore.KIND, minGap);
          if (claimed.isEmpty()) {
            return SyncOutcome.skipped();
          }
          SyncedAccount account = claimed.get();
          Platform platform = Platform.fromId(account.platform()).orElseThrow();
          PlatformConnector connector =
              connectors
                  .forPlatform(platform)
                  .filter(c -> c.supports(InboxOperation.LIST_MESSAGES))
                  .orElse(null);
          if (connector == null) {
            return SyncOutcome.skipped();
          }
          SyncPage<PlatformMessage> page;
          try {
            page =
                connector.listMessages(
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
            store.markSynced(account.id(), MessageStore.KIND, null);
            return SyncOutcome.expired(account.platform(), e);
          }
          int received = 0;
          for (PlatformMessage message : page.items()) {
            if (intake.receive(account, message).isPresent()) {
              received++;
            }
          }
          store.markSynced(account.id(), MessageStore.KIND, page.nextCursor());
          return SyncOutcome.synced(account.platform(), received);
        });
  }
}

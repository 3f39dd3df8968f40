package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.events.inbox.MentionReceived;
import dev.omnipost.inbox.accounts.AccountCredentialsReader;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs one account's mentions in one transaction, as {@link AccountCommentSync} does its comments:
 * claim the {@code mentions} cursor row, read the mentions after the cursor, store the new ones
 * with one {@code mention.received} each, and move the cursor to what the platform answered.
 */
@Component
class AccountMentionSync {

  private final InboxStore store;
  private final PlatformConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  AccountMentionSync(
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

  SyncOutcome sync(String accountId, Duration minGap) {
    store.ensureCursor(accountId, InboxStore.MENTIONS);
    return transactions.execute(
        tx -> {
          Optional<SyncedAccount> claimed = store.claim(accountId, InboxStore.MENTIONS, minGap);
          if (claimed.isEmpty()) {
            return SyncOutcome.skipped();
          }
          SyncedAccount account = claimed.get();
          Platform platform = Platform.fromId(account.platform()).orElseThrow();
          PlatformConnector connector =
              connectors
                  .forPlatform(platform)
                  .filter(c -> c.supports(InboxOperation.LIST_MENTIONS))
                  .orElse(null);
          if (connector == null) {
            return SyncOutcome.skipped();
          }
          SyncPage<PlatformMention> page;
          try {
            page =
                connector.listMentions(
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
            store.markSynced(account.id(), InboxStore.MENTIONS, null);
            return SyncOutcome.expired(account.platform(), e);
          }
          int stored = 0;
          for (PlatformMention mention : page.items()) {
            Optional<String> id = store.insertMentionIfNew(Ids.newId("men"), account, mention);
            if (id.isPresent()) {
              stored++;
              outbox.publishEvent(
                  codec.wrap(
                      new MentionReceived(
                          id.get(),
                          account.id(),
                          account.platform(),
                          mention.platformItemId(),
                          mention.platformPostId(),
                          mention.authorName(),
                          mention.text(),
                          mention.url(),
                          mention.createdAt()),
                      account.workspaceId(),
                      id.get()));
            }
          }
          store.markSynced(account.id(), InboxStore.MENTIONS, page.nextCursor());
          return SyncOutcome.synced(account.platform(), stored);
        });
  }
}

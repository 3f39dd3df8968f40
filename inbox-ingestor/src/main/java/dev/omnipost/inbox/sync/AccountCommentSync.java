package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.inbox.accounts.AccountCredentialsReader;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs one account in one transaction: claim its cursor row ({@code FOR UPDATE SKIP LOCKED}, so
 * another instance skips it), read its recent comments, store the new ones with one {@code
 * comment.received} each, and move the cursor. An expired token marks the account expired and
 * announces {@code account.needs_reconnect} instead. Any other failure rolls back: the next round
 * tries again, and de-duplication makes that harmless.
 */
@Component
class AccountCommentSync {

  private static final Logger log = LoggerFactory.getLogger(AccountCommentSync.class);

  private final InboxStore store;
  private final CommentIntake intake;
  private final CommentConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  AccountCommentSync(
      InboxStore store,
      CommentIntake intake,
      CommentConnectors connectors,
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
    store.ensureCursor(accountId);
    return transactions.execute(
        tx -> {
          Optional<SyncedAccount> claimed = store.claim(accountId, minGap);
          if (claimed.isEmpty()) {
            return SyncOutcome.skipped();
          }
          SyncedAccount account = claimed.get();
          Platform platform = Platform.fromId(account.platform()).orElseThrow();
          PlatformConnector connector = connectors.forPlatform(platform).orElse(null);
          if (connector == null) {
            return SyncOutcome.skipped();
          }
          List<PlatformComment> comments;
          try {
            comments = connector.listRecentComments(credentials(account, platform));
          } catch (AuthExpiredException e) {
            expire(account, e);
            return SyncOutcome.expired(account.platform(), e);
          }
          int stored = 0;
          for (PlatformComment comment : comments) {
            if (store(account, comment)) {
              stored++;
            }
          }
          store.markSynced(account.id());
          return SyncOutcome.synced(account.platform(), stored);
        });
  }

  private boolean store(SyncedAccount account, PlatformComment comment) {
    return intake.receive(account, comment).isPresent();
  }

  private void expire(SyncedAccount account, AuthExpiredException e) {
    log.warn(
        "account {} ({}) needs reconnecting: {}", account.id(), account.platform(), e.getMessage());
    if (store.markExpired(account.id())) {
      AccountNeedsReconnect event =
          new AccountNeedsReconnect(account.id(), account.platform(), e.getMessage());
      outbox.publishEvent(codec.wrap(event, account.workspaceId(), account.id()));
    }
    store.markSynced(account.id());
  }

  private AccountCredentials credentials(SyncedAccount account, Platform platform) {
    return credentials.read(
        account.id(),
        platform,
        account.platformAccountId(),
        account.handle(),
        account.accessTokenEncrypted(),
        account.settingsJson());
  }
}

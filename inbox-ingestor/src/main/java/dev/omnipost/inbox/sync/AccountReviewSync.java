package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.events.inbox.ReviewReceived;
import dev.omnipost.inbox.accounts.AccountCredentialsReader;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs one account's reviews in one transaction, as {@link AccountMentionSync} does its mentions:
 * claim the {@code reviews} cursor row, read the reviews changed after the cursor, store the new
 * ones with one {@code review.received} each (refreshing the others), and move the cursor.
 */
@Component
class AccountReviewSync {

  private final InboxStore store;
  private final ReviewStore reviews;
  private final PlatformConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  AccountReviewSync(
      InboxStore store,
      ReviewStore reviews,
      PlatformConnectors connectors,
      AccountCredentialsReader credentials,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions) {
    this.store = store;
    this.reviews = reviews;
    this.connectors = connectors;
    this.credentials = credentials;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  SyncOutcome sync(String accountId, Duration minGap) {
    store.ensureCursor(accountId, ReviewStore.REVIEWS);
    return transactions.execute(
        tx -> {
          Optional<SyncedAccount> claimed = store.claim(accountId, ReviewStore.REVIEWS, minGap);
          if (claimed.isEmpty()) {
            return SyncOutcome.skipped();
          }
          SyncedAccount account = claimed.get();
          Platform platform = Platform.fromId(account.platform()).orElseThrow();
          PlatformConnector connector =
              connectors
                  .forPlatform(platform)
                  .filter(c -> c.supports(InboxOperation.LIST_REVIEWS))
                  .orElse(null);
          if (connector == null) {
            return SyncOutcome.skipped();
          }
          SyncPage<PlatformReview> page;
          try {
            page =
                connector.listReviews(
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
            store.markSynced(account.id(), ReviewStore.REVIEWS, null);
            return SyncOutcome.expired(account.platform(), e);
          }
          int stored = 0;
          for (PlatformReview review : page.items()) {
            Optional<String> id = reviews.upsert(Ids.newId("rev"), account, review);
            if (id.isPresent()) {
              stored++;
              outbox.publishEvent(
                  codec.wrap(
                      new ReviewReceived(
                          id.get(),
                          account.id(),
                          account.platform(),
                          review.platformReviewId(),
                          review.authorName(),
                          review.rating(),
                          review.text(),
                          review.createdAt()),
                      account.workspaceId(),
                      id.get()));
            }
          }
          store.markSynced(account.id(), ReviewStore.REVIEWS, page.nextCursor());
          return SyncOutcome.synced(account.platform(), stored);
        });
  }
}

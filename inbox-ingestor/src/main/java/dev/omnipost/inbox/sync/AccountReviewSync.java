package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.inbox.ReviewReceived;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Syncs one account's reviews in one transaction, on {@link CursorSync}: claim the {@code reviews}
 * cursor row, read the reviews changed after the cursor, store the new ones with one {@code
 * review.received} each (refreshing the others), and move the cursor.
 */
@Component
class AccountReviewSync {

  private final CursorSync cursors;
  private final ReviewStore reviews;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;

  AccountReviewSync(
      CursorSync cursors, ReviewStore reviews, JdbcOutbox outbox, CloudEventCodec codec) {
    this.cursors = cursors;
    this.reviews = reviews;
    this.outbox = outbox;
    this.codec = codec;
  }

  SyncOutcome sync(String accountId, Duration minGap) {
    return cursors.sync(
        accountId,
        minGap,
        ReviewStore.REVIEWS,
        InboxOperation.LIST_REVIEWS,
        PlatformConnector::listReviews,
        this::take);
  }

  private boolean take(SyncedAccount account, PlatformReview review) {
    Optional<String> id = reviews.upsert(Ids.newId("rev"), account, review);
    id.ifPresent(
        stored ->
            outbox.publishEvent(
                codec.wrap(
                    new ReviewReceived(
                        stored,
                        account.id(),
                        account.platform(),
                        review.platformReviewId(),
                        review.authorName(),
                        review.rating(),
                        review.text(),
                        review.createdAt()),
                    account.workspaceId(),
                    stored)));
    return id.isPresent();
  }
}

package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.inbox.MentionReceived;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Syncs one account's mentions in one transaction, on {@link CursorSync}: claim the {@code
 * mentions} cursor row, read the mentions after the cursor, store the new ones with one {@code
 * mention.received} each, and move the cursor to what the platform answered.
 */
@Component
class AccountMentionSync {

  private final CursorSync cursors;
  private final InboxStore store;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;

  AccountMentionSync(
      CursorSync cursors, InboxStore store, JdbcOutbox outbox, CloudEventCodec codec) {
    this.cursors = cursors;
    this.store = store;
    this.outbox = outbox;
    this.codec = codec;
  }

  SyncOutcome sync(String accountId, Duration minGap) {
    return cursors.sync(
        accountId,
        minGap,
        InboxStore.MENTIONS,
        InboxOperation.LIST_MENTIONS,
        PlatformConnector::listMentions,
        this::take);
  }

  private boolean take(SyncedAccount account, PlatformMention mention) {
    Optional<String> id = store.insertMentionIfNew(Ids.newId("men"), account, mention);
    id.ifPresent(
        stored ->
            outbox.publishEvent(
                codec.wrap(
                    new MentionReceived(
                        stored,
                        account.id(),
                        account.platform(),
                        mention.platformItemId(),
                        mention.platformPostId(),
                        mention.authorName(),
                        mention.text(),
                        mention.url(),
                        mention.createdAt()),
                    account.workspaceId(),
                    stored)));
    return id.isPresent();
  }
}

package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.inbox.CommentReceived;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Stores a comment once and announces it once, whoever found it: the scheduled sync or a platform
 * webhook. Call inside a transaction.
 */
@Component
public class CommentIntake {

  private final InboxStore store;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;

  CommentIntake(InboxStore store, JdbcOutbox outbox, CloudEventCodec codec) {
    this.store = store;
    this.outbox = outbox;
    this.codec = codec;
  }

  /**
   * Stores a comment on each connected account with this platform id; answers the new comments'
   * ids, none when it was stored already or no connected account has that id.
   */
  public List<String> receive(String platform, String platformAccountId, PlatformComment comment) {
    return store.connectedAccounts(platform, platformAccountId).stream()
        .flatMap(account -> receive(account, comment).stream())
        .toList();
  }

  Optional<String> receive(SyncedAccount account, PlatformComment comment) {
    Optional<InboxStore.StoredComment> stored =
        store.insertIfNew(Ids.newId("cmt"), account, comment);
    stored.ifPresent(
        row ->
            outbox.publishEvent(
                codec.wrap(
                    new CommentReceived(
                        row.id(),
                        account.id(),
                        account.platform(),
                        comment.platformCommentId(),
                        comment.platformPostId(),
                        row.postId(),
                        comment.authorName(),
                        comment.text(),
                        comment.createdAt()),
                    account.workspaceId(),
                    row.id())));
    return stored.map(InboxStore.StoredComment::id);
  }
}

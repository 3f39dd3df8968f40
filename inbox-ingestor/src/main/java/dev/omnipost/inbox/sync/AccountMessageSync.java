package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.inbox.sync.CommentSync.SyncOutcome;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Syncs one account's direct messages in one transaction, on {@link CursorSync}: claim the {@code
 * messages} cursor row, read the threads updated after the cursor, store each new message through
 * {@link MessageIntake} (one {@code message.received} per new message from someone else), and move
 * the cursor to what the platform answered.
 */
@Component
class AccountMessageSync {

  private final CursorSync cursors;
  private final MessageIntake intake;

  AccountMessageSync(CursorSync cursors, MessageIntake intake) {
    this.cursors = cursors;
    this.intake = intake;
  }

  SyncOutcome sync(String accountId, Duration minGap) {
    return cursors.sync(
        accountId,
        minGap,
        MessageStore.KIND,
        InboxOperation.LIST_MESSAGES,
        PlatformConnector::listMessages,
        (account, message) -> intake.receive(account, message).isPresent());
  }
}

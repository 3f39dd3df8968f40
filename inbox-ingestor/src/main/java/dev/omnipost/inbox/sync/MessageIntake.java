package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.inbox.MessageReceived;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Stores a direct message once and announces it once, whoever found it: the scheduled sync or a
 * platform webhook. The account's own messages (sent elsewhere, or Meta's echoes) are stored read
 * and not announced. Call inside a transaction.
 */
@Component
public class MessageIntake {

  private final InboxStore accounts;
  private final MessageStore store;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final Clock clock;

  MessageIntake(
      InboxStore accounts,
      MessageStore store,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      ObjectProvider<Clock> clock) {
    this.accounts = accounts;
    this.store = store;
    this.outbox = outbox;
    this.codec = codec;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * Stores a message for each connected account with this platform id; answers the new messages'
   * ids where it is someone else's, none when it was stored already, is the account's own, or no
   * connected account has that id.
   */
  public List<String> receive(String platform, String platformAccountId, PlatformMessage message) {
    return accounts.connectedAccounts(platform, platformAccountId).stream()
        .flatMap(account -> receive(account, message).stream())
        .toList();
  }

  Optional<String> receive(SyncedAccount account, PlatformMessage message) {
    if (message.platformMessageId() == null
        || message.participant() == null
        || message.participant().id() == null) {
      return Optional.empty();
    }
    Instant at = message.createdAt() == null ? clock.instant() : message.createdAt();
    String conversationId = store.conversation(Ids.newId("conv"), account, message, at);
    String handle =
        message.authorHandle() != null
            ? message.authorHandle()
            : message.fromAccount() ? account.handle() : message.participant().handle();
    String name =
        message.authorName() != null
            ? message.authorName()
            : message.fromAccount() ? account.handle() : message.participant().name();
    Optional<String> stored =
        store.insertIfNew(Ids.newId("msg"), conversationId, account, message, handle, name, at);
    if (stored.isPresent() && !message.fromAccount()) {
      outbox.publishEvent(
          codec.wrap(
              new MessageReceived(
                  stored.get(),
                  conversationId,
                  account.id(),
                  account.platform(),
                  message.platformMessageId(),
                  message.authorId(),
                  handle,
                  name,
                  message.text(),
                  at),
              account.workspaceId(),
              stored.get()));
    }
    // the account's own messages are stored but not counted as received
    return stored.filter(id -> !message.fromAccount());
  }
}

package dev.omnipost.inbox.webhooks;

import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.inbox.InboxProperties;
import dev.omnipost.inbox.sync.CommentIntake;
import dev.omnipost.inbox.sync.MessageIntake;
import dev.omnipost.persistence.consumers.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Handles one signed Meta notification in one transaction: remembers its body's digest (a second
 * delivery of the same bytes is a replay and changes nothing), refuses entries older than {@code
 * omnipost.inbox.meta.max-age}, and stores each Instagram {@code comments} change as a comment with
 * its {@code comment.received}, the same way the sync does. Messaging events ({@code
 * entry[].messaging[]} of {@code instagram} and {@code page} objects, the {@code messages} field)
 * are stored as direct messages with their {@code message.received} ({@link MessageIntake}); read
 * receipts and deliveries, which carry no {@code message.mid}, are ignored.
 */
@Component
class MetaNotifications {

  static final String CONSUMER = "meta-webhook";

  enum Outcome {
    ACCEPTED,
    REPLAYED,
    STALE,
    MALFORMED
  }

  private final CommentIntake intake;
  private final MessageIntake messages;
  private final ProcessedEvents processed;
  private final TransactionTemplate transactions;
  private final Duration maxAge;
  private final Clock clock;

  MetaNotifications(
      CommentIntake intake,
      MessageIntake messages,
      ProcessedEvents processed,
      TransactionTemplate transactions,
      InboxProperties properties,
      ObjectProvider<Clock> clock) {
    this.intake = intake;
    this.messages = messages;
    this.processed = processed;
    this.transactions = transactions;
    this.maxAge = properties.meta().maxAge();
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  Outcome receive(byte[] body) {
    JsonNode json;
    try {
      json = CloudEventCodec.dataMapper().readTree(body);
    } catch (RuntimeException notJson) {
      return Outcome.MALFORMED;
    }
    if (json == null || !json.path("entry").isArray() || !json.hasNonNull("object")) {
      return Outcome.MALFORMED;
    }
    Instant oldest = clock.instant().minus(maxAge);
    for (JsonNode entry : json.path("entry")) {
      long time = entry.path("time").asLong(0);
      // Meta sends seconds; some products send milliseconds
      Instant at = Instant.ofEpochSecond(time > 100_000_000_000L ? time / 1000 : time);
      if (at.isBefore(oldest)) {
        return Outcome.STALE;
      }
    }
    String object = json.path("object").asString("");
    return transactions.execute(
        tx -> {
          if (!processed.markProcessed(CONSUMER, MetaSignature.digest(body))) {
            return Outcome.REPLAYED;
          }
          if (object.equals("instagram")) {
            for (JsonNode entry : json.path("entry")) {
              String igUserId = entry.path("id").asString(null);
              for (JsonNode change : entry.path("changes")) {
                if ("comments".equals(change.path("field").asString(""))
                    && change.path("value").hasNonNull("id")) {
                  intake.receive("instagram", igUserId, comment(change.path("value")));
                }
              }
            }
          }
          String messagingPlatform =
              switch (object) {
                case "instagram" -> "instagram";
                case "page" -> "facebook";
                default -> null;
              };
          if (messagingPlatform != null) {
            for (JsonNode entry : json.path("entry")) {
              String accountId = entry.path("id").asString(null);
              for (JsonNode event : entry.path("messaging")) {
                PlatformMessage message = message(accountId, event);
                if (message != null) {
                  messages.receive(messagingPlatform, accountId, message);
                }
              }
            }
          }
          return Outcome.ACCEPTED;
        });
  }

  /** A messaging event as a message; null for what is not one (read receipts, deliveries). */
  private PlatformMessage message(String accountId, JsonNode event) {
    JsonNode message = event.path("message");
    String mid = message.path("mid").asString(null);
    String sender = event.path("sender").path("id").asString(null);
    String recipient = event.path("recipient").path("id").asString(null);
    if (mid == null || sender == null || recipient == null || accountId == null) {
      return null;
    }
    boolean fromAccount = message.path("is_echo").asBoolean(false) || sender.equals(accountId);
    long timestamp = event.path("timestamp").asLong(0);
    return new PlatformMessage(
        mid,
        null,
        new PlatformMessage.Participant(fromAccount ? recipient : sender, null, null),
        sender,
        null,
        null,
        message.path("text").asString(""),
        fromAccount,
        timestamp > 0 ? Instant.ofEpochMilli(timestamp) : clock.instant());
  }

  private PlatformComment comment(JsonNode value) {
    JsonNode from = value.path("from");
    return new PlatformComment(
        value.path("id").asString(null),
        value.path("media").path("id").asString(null),
        value.path("parent_id").asString(null),
        from.path("id").asString(null),
        from.path("username").asString(null),
        value.path("text").asString(""),
        clock.instant());
  }
}

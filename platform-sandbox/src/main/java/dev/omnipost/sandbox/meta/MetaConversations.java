package dev.omnipost.sandbox.meta;

import dev.omnipost.sandbox.control.Resettable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Direct-message threads of simulated Meta accounts (Messenger for Pages, Instagram Direct), one
 * per account and person: people write through the control API, the account answers through the
 * Send API, which Meta accepts only within 24 hours of the person's last message ({@link
 * Outcome#WINDOW_CLOSED} otherwise, as code 10 / subcode 2018278).
 */
@Component
public class MetaConversations implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  public static final Duration WINDOW = Duration.ofHours(24);

  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1_000);
  private final Clock clock;

  MetaConversations(Clock clock) {
    this.clock = clock;
  }

  /** The person on the other side: an id scoped to the account, a username or a name. */
  public record Person(String id, String username, String name) implements java.io.Serializable {}

  /** One message; {@code fromAccount} is the account's own answer. */
  public record Message(
      String id, boolean fromAccount, String text, String attachmentUrl, Instant createdAt)
      implements java.io.Serializable {}

  /** The account's thread with one person. */
  public record Thread(
      String id, String platform, String accountId, Person person, List<Message> messages)
      implements java.io.Serializable {

    public Instant updatedAt() {
      return messages.isEmpty() ? Instant.EPOCH : messages.get(messages.size() - 1).createdAt();
    }

    public Optional<Instant> lastIncoming() {
      for (int i = messages.size() - 1; i >= 0; i--) {
        if (!messages.get(i).fromAccount()) {
          return Optional.of(messages.get(i).createdAt());
        }
      }
      return Optional.empty();
    }
  }

  /** How a send went. */
  public enum Outcome {
    SENT,
    NO_THREAD,
    WINDOW_CLOSED
  }

  public record Sent(Outcome outcome, Thread thread, Message message) {}

  /**
   * A person writes to the account; {@code ageSeconds} back-dates the message (to test a closed
   * window). Answers the thread and the new message.
   */
  public synchronized Sent incoming(
      String platform, String accountId, Person person, String text, long ageSeconds) {
    Thread thread =
        threads.computeIfAbsent(
            key(platform, accountId, person.id()),
            k ->
                new Thread(
                    "t_" + ids.incrementAndGet(), platform, accountId, person, new ArrayList<>()));
    Message message =
        new Message(
            "m_" + ids.incrementAndGet(),
            false,
            text,
            null,
            clock.instant().minusSeconds(Math.max(0, ageSeconds)));
    thread.messages().add(message);
    thread.messages().sort(Comparator.comparing(Message::createdAt));
    return new Sent(Outcome.SENT, thread, message);
  }

  /** The account answers the person {@code recipientId}, within the window only. */
  public synchronized Sent send(
      String platform, String accountId, String recipientId, String text, String attachmentUrl) {
    Thread thread = threads.get(key(platform, accountId, recipientId));
    if (thread == null) {
      return new Sent(Outcome.NO_THREAD, null, null);
    }
    Optional<Instant> last = thread.lastIncoming();
    if (last.isEmpty() || clock.instant().isAfter(last.get().plus(WINDOW))) {
      return new Sent(Outcome.WINDOW_CLOSED, thread, null);
    }
    Message message =
        new Message("m_" + ids.incrementAndGet(), true, text, attachmentUrl, clock.instant());
    thread.messages().add(message);
    return new Sent(Outcome.SENT, thread, message);
  }

  /** The account's threads, most recently updated first. */
  public synchronized List<Thread> threads(String platform, String accountId, int limit) {
    return threads.values().stream()
        .filter(t -> t.platform().equals(platform) && t.accountId().equals(accountId))
        .sorted(Comparator.comparing(Thread::updatedAt).reversed())
        .limit(limit)
        .map(MetaConversations::copy)
        .toList();
  }

  /** A thread by its id, for tests to look at. */
  public synchronized Optional<Thread> thread(String platform, String threadId) {
    return threads.values().stream()
        .filter(t -> t.platform().equals(platform) && t.id().equals(threadId))
        .findFirst()
        .map(MetaConversations::copy);
  }

  /** Meta's refusal of an answer outside the window. */
  public static MetaError windowClosed() {
    return new MetaError(
        400,
        "(#10) This message is sent outside of allowed window.",
        "OAuthException",
        10,
        2018278,
        null,
        false);
  }

  private static Thread copy(Thread t) {
    return new Thread(t.id(), t.platform(), t.accountId(), t.person(), List.copyOf(t.messages()));
  }

  private static String key(String platform, String accountId, String personId) {
    return platform + "/" + accountId + "/" + personId;
  }

  @Override
  public synchronized void reset() {
    threads.clear();
  }

  @Override
  public String stateName() {
    return "meta-conversations";
  }
}

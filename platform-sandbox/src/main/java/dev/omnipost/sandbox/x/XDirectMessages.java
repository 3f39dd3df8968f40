package dev.omnipost.sandbox.x;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.state.PersistentState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The direct messages of the simulated X: one-to-one conversations, whose {@code
 * dm_conversation_id} is the two user ids joined by a dash, smaller first, as X names them. Other
 * people write through the control API; the account answers through {@code POST
 * /2/dm_conversations/with/{participant_id}/messages}, with at most one media attachment of its own
 * that has finished processing.
 */
@Component
class XDirectMessages implements Resettable, PersistentState {

  private final XStore media;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1_870_000_000_000_000_000L);
  private final List<DmEvent> events = new ArrayList<>();
  private final Map<String, Person> people = new LinkedHashMap<>();

  XDirectMessages(XStore media, Clock clock) {
    this.media = media;
    this.clock = clock;
  }

  @Override
  public String stateName() {
    return "x-dm";
  }

  @Override
  public String pathSegment() {
    return "x";
  }

  /** Someone on X, as {@code includes.users} shows them. */
  record Person(String id, String username, String name) implements java.io.Serializable {}

  /** A {@code MessageCreate} event. */
  record DmEvent(
      String id,
      String conversationId,
      String senderId,
      String text,
      List<String> mediaIds,
      Instant createdAt)
      implements java.io.Serializable {}

  /**
   * {@code username} writes to the account (a person new to the sandbox gets an id); {@code
   * ageSeconds} back-dates the message.
   */
  synchronized DmEvent incoming(
      SandboxAccount account, String username, String name, String text, long ageSeconds) {
    Person person =
        people.values().stream()
            .filter(p -> p.username().equalsIgnoreCase(username))
            .findFirst()
            .orElseGet(
                () -> {
                  Person created =
                      new Person(String.valueOf(ids.incrementAndGet()), username, name);
                  people.put(created.id(), created);
                  return created;
                });
    DmEvent event =
        new DmEvent(
            String.valueOf(ids.incrementAndGet()),
            conversationId(account.accountId(), person.id()),
            person.id(),
            text,
            List.of(),
            clock.instant().minusSeconds(Math.max(0, ageSeconds)));
    events.add(event);
    events.sort(Comparator.comparing(DmEvent::createdAt));
    return event;
  }

  /**
   * The account writes to {@code participantId}.
   *
   * @throws XProblems 400 for an empty message, an unknown participant, or media that is not the
   *     account's, not ready, or more than one
   */
  synchronized DmEvent send(
      SandboxAccount account, String participantId, String text, List<String> mediaIds) {
    if ((text == null || text.isBlank()) && mediaIds.isEmpty()) {
      throw XProblems.invalidRequest("text", "One of text or attachments is required.");
    }
    if (participantId.equals(account.accountId()) || !people.containsKey(participantId)) {
      throw XProblems.invalidRequest(
          "participant_id", "You cannot send messages to this user: " + participantId + ".");
    }
    if (mediaIds.size() > 1) {
      throw XProblems.invalidRequest(
          "attachments", "A Direct Message can have at most one attachment.");
    }
    for (String id : mediaIds) {
      Optional<XStore.Media> upload = media.media(id);
      if (upload.isEmpty() || !upload.get().accountId.equals(account.accountId())) {
        throw XProblems.invalidRequest("attachments.media_id", "Your media IDs are invalid.");
      }
      if (!upload.get().state.equals("succeeded")) {
        throw XProblems.invalidRequest(
            "attachments.media_id",
            "Media " + id + " is not ready: its processing has not succeeded.");
      }
    }
    DmEvent event =
        new DmEvent(
            String.valueOf(ids.incrementAndGet()),
            conversationId(account.accountId(), participantId),
            account.accountId(),
            text == null ? "" : text,
            List.copyOf(mediaIds),
            clock.instant());
    events.add(event);
    return event;
  }

  /** The account's events, newest first, strictly older than {@code beforeId} (null: from now). */
  synchronized List<DmEvent> events(String accountId, String beforeId, int limit) {
    List<DmEvent> mine = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0 && mine.size() < limit; i--) {
      DmEvent event = events.get(i);
      if (!participants(event.conversationId()).contains(accountId)) {
        continue;
      }
      if (beforeId != null && compareIds(event.id(), beforeId) >= 0) {
        continue;
      }
      mine.add(event);
    }
    return mine;
  }

  /** Whether any of the account's events is older than {@code id}. */
  synchronized boolean hasOlder(String accountId, String id) {
    return events.stream()
        .anyMatch(
            e ->
                participants(e.conversationId()).contains(accountId) && compareIds(e.id(), id) < 0);
  }

  synchronized Optional<Person> person(String id) {
    return Optional.ofNullable(people.get(id));
  }

  String mediaKey(String mediaId) {
    return media.media(mediaId).map(XStore.Media::mediaKey).orElse("3_" + mediaId);
  }

  @Override
  public synchronized void reset() {
    events.clear();
    people.clear();
  }

  static String conversationId(String a, String b) {
    return compareIds(a, b) <= 0 ? a + "-" + b : b + "-" + a;
  }

  static List<String> participants(String conversationId) {
    return List.of(conversationId.split("-", 2));
  }

  /** Snowflake ids: a longer id is larger, equal lengths compare as text. */
  static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}

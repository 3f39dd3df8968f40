package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.state.PersistentState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Replies by other (remote) users to the instance's statuses, which tests add through the control
 * API, and every favourite given by the instance's accounts (to any status, theirs or a reply).
 */
@Component
class MastodonReplies implements Resettable, PersistentState {

  @Override
  public String stateName() {
    return "mastodon-replies";
  }

  @Override
  public String pathSegment() {
    return "mastodon";
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(115_000_000_000_000_000L);
  private final Map<String, Reply> replies = new LinkedHashMap<>();

  /** Status id → the accounts (their platform ids) that favourited it. */
  private final Map<String, Set<String>> favourites = new LinkedHashMap<>();

  MastodonReplies(Clock clock) {
    this.clock = clock;
  }

  synchronized Reply add(String inReplyToId, String fromUsername, String text) {
    Reply reply =
        new Reply(
            String.valueOf(ids.incrementAndGet()),
            inReplyToId,
            String.valueOf(ids.incrementAndGet()),
            fromUsername,
            text,
            clock.instant());
    replies.put(reply.id(), reply);
    return reply;
  }

  synchronized boolean exists(String id) {
    return replies.containsKey(id);
  }

  synchronized Optional<Reply> reply(String id) {
    return Optional.ofNullable(replies.get(id));
  }

  /** Remote replies to {@code statusId}, oldest first. */
  synchronized List<Reply> repliesTo(String statusId) {
    List<Reply> found = new ArrayList<>();
    for (Reply reply : replies.values()) {
      if (reply.inReplyToId().equals(statusId)) {
        found.add(reply);
      }
    }
    return found;
  }

  /** Remote replies, optionally only those to {@code statusId}. */
  synchronized List<Reply> all(String statusId) {
    return replies.values().stream()
        .filter(r -> statusId == null || r.inReplyToId().equals(statusId))
        .toList();
  }

  synchronized void favourite(String statusId, String accountId, boolean favourited) {
    if (favourited) {
      favourites.computeIfAbsent(statusId, id -> new LinkedHashSet<>()).add(accountId);
    } else {
      Set<String> by = favourites.get(statusId);
      if (by != null) {
        by.remove(accountId);
      }
    }
  }

  synchronized boolean favourited(String statusId, String accountId) {
    return favourites.getOrDefault(statusId, Set.of()).contains(accountId);
  }

  synchronized List<String> favouritedBy(String statusId) {
    return List.copyOf(favourites.getOrDefault(statusId, Set.of()));
  }

  @Override
  public synchronized void reset() {
    replies.clear();
    favourites.clear();
  }

  record Reply(
      String id,
      String inReplyToId,
      String fromAccountId,
      String fromUsername,
      String text,
      Instant createdAt)
      implements java.io.Serializable {}
}

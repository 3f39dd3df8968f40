package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.control.Resettable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Mention notifications of the simulated instance: statuses by other (remote) users that mention an
 * account. They come from others, so tests add them through the control API.
 */
@Component
class MastodonMentions implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "mastodon-mentions";
  }

  @Override
  public String pathSegment() {
    return "mastodon";
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(114_000_000_000_000_000L);
  private final List<Mention> mentions = new ArrayList<>();

  MastodonMentions(Clock clock) {
    this.clock = clock;
  }

  synchronized Mention add(String accountId, String fromUsername, String text) {
    Mention mention =
        new Mention(
            String.valueOf(ids.incrementAndGet()),
            accountId,
            String.valueOf(ids.incrementAndGet()),
            String.valueOf(ids.incrementAndGet()),
            fromUsername,
            text,
            clock.instant());
    mentions.add(mention);
    return mention;
  }

  /** The account's mentions newer than {@code sinceId}, newest first, as Mastodon lists them. */
  synchronized List<Mention> since(String accountId, String sinceId, int limit) {
    List<Mention> found = new ArrayList<>();
    for (int i = mentions.size() - 1; i >= 0 && found.size() < limit; i--) {
      Mention m = mentions.get(i);
      if (m.accountId().equals(accountId)
          && (sinceId == null || Long.parseLong(m.id()) > parseOrZero(sinceId))) {
        found.add(m);
      }
    }
    return found;
  }

  @Override
  public synchronized void reset() {
    mentions.clear();
  }

  private static long parseOrZero(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  record Mention(
      String id,
      String accountId,
      String statusId,
      String fromAccountId,
      String fromUsername,
      String text,
      Instant createdAt)
      implements java.io.Serializable {}
}

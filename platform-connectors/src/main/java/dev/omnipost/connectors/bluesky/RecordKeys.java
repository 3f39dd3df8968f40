package dev.omnipost.connectors.bluesky;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Record keys for new posts, chosen by Omnipost before the create: a TID (the 13 base32-sortable
 * characters of a microsecond timestamp and a clock id), the key type {@code app.bsky.feed.post}
 * uses. Knowing the key before creating is what lets the reconciler ask the PDS for exactly this
 * record after a lost answer.
 */
final class RecordKeys {

  private static final String SORTABLE = "234567abcdefghijklmnopqrstuvwxyz";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong lastMicros = new AtomicLong();

  RecordKeys(Clock clock) {
    this.clock = clock;
  }

  String next() {
    long now = clock.instant().toEpochMilli() * 1000;
    long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, now));
    long value = (micros << 10) | random.nextInt(1024);
    char[] tid = new char[13];
    for (int i = 12; i >= 0; i--) {
      tid[i] = SORTABLE.charAt((int) (value & 31));
      value >>>= 5;
    }
    return new String(tid);
  }
}

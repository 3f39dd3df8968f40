package dev.omnipost.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code api_keys.last_used_at} roughly current without a write per request: each instance
 * writes it at most once per {@link #RESOLUTION} per key, in the background, and a failed write is
 * only logged (the request it came from has long been answered). So {@code last_used_at} may be up
 * to a minute old.
 */
@Component
class KeyUsageRecorder {

  static final Duration RESOLUTION = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(KeyUsageRecorder.class);

  private final DatabaseClient db;
  private final Cache<String, Instant> recentlyRecorded =
      Caffeine.newBuilder().expireAfterWrite(RESOLUTION).maximumSize(100_000).build();

  KeyUsageRecorder(DatabaseClient db) {
    this.db = db;
  }

  void used(String keyId, Instant at) {
    Instant now = at.truncatedTo(ChronoUnit.MICROS);
    if (recentlyRecorded.asMap().putIfAbsent(keyId, now) != null) {
      return;
    }
    db.sql(
            "UPDATE api_keys SET last_used_at = :now WHERE id = :id"
                + " AND (last_used_at IS NULL OR last_used_at < :now)")
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .bind("id", keyId)
        .fetch()
        .rowsUpdated()
        .subscribe(
            ignored -> {},
            failure -> {
              recentlyRecorded.invalidate(keyId);
              log.debug("Could not record that key {} was used: {}", keyId, failure.toString());
            });
  }
}

package dev.omnipost.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-client-address limits kept in this instance's memory (Bucket4j local buckets): they guard the
 * gateway and its database from traffic that has no key to count against, so they must cost nothing
 * but memory. Each instance counts on its own; that is deliberate, as sharing them would put the
 * database back on the path they protect. A bucket untouched for a minute would be full again, so
 * it is forgotten then.
 */
class AddressLimiter {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final Map<AddressBudget, Cache<String, Bucket>> buckets =
      new EnumMap<>(AddressBudget.class);
  private final RateLimitProperties properties;

  AddressLimiter(RateLimitProperties properties) {
    this.properties = properties;
    for (AddressBudget budget : AddressBudget.values()) {
      buckets.put(
          budget,
          Caffeine.newBuilder()
              .expireAfterAccess(WINDOW)
              .maximumSize(properties.maxTrackedAddresses())
              .build());
    }
  }

  RateLimitDecision tryConsume(AddressBudget budget, String address) {
    int limit = budget.perMinute(properties);
    return RateLimitDecision.of(limit, bucket(budget, address).tryConsumeAndReturnRemaining(1));
  }

  /** Gives back a token taken by {@link #tryConsume} for a request that turned out not to count. */
  void refund(AddressBudget budget, String address) {
    Bucket bucket = buckets.get(budget).getIfPresent(address);
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }

  private Bucket bucket(AddressBudget budget, String address) {
    int limit = budget.perMinute(properties);
    return buckets
        .get(budget)
        .get(
            address,
            ignored ->
                Bucket.builder()
                    .addLimit(window -> window.capacity(limit).refillIntervally(limit, WINDOW))
                    .build());
  }
}

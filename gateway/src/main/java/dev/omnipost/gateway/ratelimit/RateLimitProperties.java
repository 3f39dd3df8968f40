package dev.omnipost.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast callers may call the gateway.
 *
 * @param perKeyPerMinute requests per minute for an API key whose own and whose workspace's {@code
 *     rate_limit_per_minute} are both null
 * @param localAllowance the share of a key's limit that one instance may admit on its own before it
 *     settles with the shared bucket in PostgreSQL (0 = every request settles at once); N instances
 *     can together overshoot a key's limit by at most about N times this share
 * @param syncInterval the longest an instance serves a busy key from its own view before settling
 * @param databaseConnections the limiter's own JDBC connections (and twice as many threads)
 * @param databaseTimeout how long a key's check may take in all (waiting for a thread and a
 *     connection, settling) before the instance answers it from a bucket of its own
 * @param unauthenticatedPerMinute per client address: requests without a usable key (missing,
 *     malformed, unknown, revoked) and non-canonical paths; charged before the key is looked up
 * @param publicPerMinute per client address: public routes (health, OpenAPI, media) and paths
 *     outside the API
 * @param operatorPerMinute per client address: the operator's {@code /v1/admin/**} routes
 * @param trustedProxies how many proxies in front of the gateway append to {@code X-Forwarded-For};
 *     0 (the default) ignores the header, so a client cannot choose its own address
 * @param maxTrackedAddresses how many client addresses the per-address limits remember at once
 */
@ConfigurationProperties("omnipost.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("600") int perKeyPerMinute,
    @DefaultValue("0.02") double localAllowance,
    @DefaultValue("500ms") Duration syncInterval,
    @DefaultValue("4") int databaseConnections,
    @DefaultValue("1s") Duration databaseTimeout,
    @DefaultValue("120") int unauthenticatedPerMinute,
    @DefaultValue("3000") int publicPerMinute,
    @DefaultValue("300") int operatorPerMinute,
    @DefaultValue("0") int trustedProxies,
    @DefaultValue("100000") int maxTrackedAddresses) {

  public RateLimitProperties {
    requirePositive("per-key-per-minute", perKeyPerMinute);
    requirePositive("unauthenticated-per-minute", unauthenticatedPerMinute);
    requirePositive("public-per-minute", publicPerMinute);
    requirePositive("operator-per-minute", operatorPerMinute);
    requirePositive("database-connections", databaseConnections);
    requirePositive("max-tracked-addresses", maxTrackedAddresses);
    if (localAllowance < 0 || localAllowance > 0.5) {
      throw new IllegalArgumentException(
          "omnipost.gateway.rate-limit.local-allowance must be between 0 and 0.5");
    }
    if (trustedProxies < 0) {
      throw new IllegalArgumentException(
          "omnipost.gateway.rate-limit.trusted-proxies must not be negative");
    }
  }

  /** How many requests of a key with {@code limit} one instance admits before settling. */
  long unsyncedAllowance(int limit) {
    return (long) Math.floor(limit * localAllowance);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "omnipost.gateway.rate-limit." + name + " must be positive");
    }
  }
}

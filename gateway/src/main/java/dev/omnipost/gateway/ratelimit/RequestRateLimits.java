package dev.omnipost.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.omnipost.gateway.web.Caller;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The rate limits as the authentication filter applies them to each request, so that every
 * response, refusals included, carries the {@code X-RateLimit-*} headers of the limit it counted
 * against:
 *
 * <ul>
 *   <li>a request with a usable API key: the key's limit, shared by every gateway instance;
 *   <li>a request that presents no usable key: its client address's unauthenticated budget, taken
 *       <em>before</em> the key is looked up, so made-up keys cannot drive lookups into the
 *       database; a key that turns out usable gets that token back, and a key verified in the last
 *       ten minutes skips the charge (a client behind an address that is being abused keeps
 *       working);
 *   <li>public and operator routes: their client address's budgets.
 * </ul>
 *
 * Over a limit the answer is 429 {@code rate_limited} with {@code Retry-After}.
 */
@Component
public class RequestRateLimits {

  private static final String CHARGED_ATTRIBUTE = RequestRateLimits.class.getName() + ".charged";

  private final AddressLimiter addresses;
  private final KeyRateLimiter keys;
  private final RateLimitProperties properties;
  private final Cache<String, Boolean> verifiedKeys =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();

  RequestRateLimits(AddressLimiter addresses, KeyRateLimiter keys, RateLimitProperties properties) {
    this.addresses = addresses;
    this.keys = keys;
    this.properties = properties;
  }

  /** Counts the request against its client address's {@code budget}. */
  public Mono<Void> admitAddress(ServerWebExchange exchange, AddressBudget budget) {
    return Mono.defer(
        () -> answer(exchange, addresses.tryConsume(budget, address(exchange)), budget.describe()));
  }

  /**
   * Before the key with {@code keyHash} is looked up: unless it was verified recently, takes a
   * token of the address's unauthenticated budget, refusing without a lookup when none is left.
   */
  public Mono<Void> beforeKeyLookup(ServerWebExchange exchange, String keyHash) {
    if (verifiedKeys.getIfPresent(keyHash) != null) {
      return Mono.empty();
    }
    return admitAddress(exchange, AddressBudget.UNAUTHENTICATED)
        .doOnSuccess(ignored -> exchange.getAttributes().put(CHARGED_ATTRIBUTE, Boolean.TRUE));
  }

  /** The key is usable: returns the address's token, then counts against the key's own limit. */
  public Mono<Void> admitKey(ServerWebExchange exchange, String keyHash, Caller caller) {
    verifiedKeys.put(keyHash, Boolean.TRUE);
    if (exchange.getAttributes().remove(CHARGED_ATTRIBUTE) != null) {
      addresses.refund(AddressBudget.UNAUTHENTICATED, address(exchange));
    }
    int limit =
        caller.rateLimitPerMinute() == null
            ? properties.perKeyPerMinute()
            : caller.rateLimitPerMinute();
    return keys.tryConsume(caller.apiKeyId(), limit)
        .flatMap(decision -> answer(exchange, decision, "this API key"));
  }

  /**
   * The key could not be looked up (the database did not answer): that is not a request without a
   * usable key, so the address gets its token back. Without this, every request of an outage
   * (answered 503) spent its address's unauthenticated budget, and after the outage clients behind
   * that address with valid keys not verified recently were answered 429 for the rest of the minute
   * (found by the chaos suite: 153 of 300 posts refused after a burst of 503s).
   */
  public void lookupFailed(ServerWebExchange exchange) {
    if (exchange.getAttributes().remove(CHARGED_ATTRIBUTE) != null) {
      addresses.refund(AddressBudget.UNAUTHENTICATED, address(exchange));
    }
  }

  /** The key was refused (unknown, revoked, expired): its requests pay the address budget again. */
  public void keyRefused(String keyHash) {
    verifiedKeys.invalidate(keyHash);
  }

  private String address(ServerWebExchange exchange) {
    return ClientAddress.of(exchange.getRequest(), properties.trustedProxies());
  }

  private static Mono<Void> answer(
      ServerWebExchange exchange, RateLimitDecision decision, String what) {
    decision.writeTo(exchange.getResponse().getHeaders());
    return decision.admitted() ? Mono.empty() : Mono.error(decision.rejection(what));
  }
}

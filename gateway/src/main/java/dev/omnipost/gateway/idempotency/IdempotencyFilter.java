package dev.omnipost.gateway.idempotency;

import dev.omnipost.gateway.auth.AuthenticatedCaller;
import dev.omnipost.gateway.idempotency.IdempotencyKeys.Owner;
import dev.omnipost.gateway.idempotency.IdempotencyKeys.Stored;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.OperatorRoute;
import dev.omnipost.gateway.web.RequiresScope;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} on every POST route, with no code in the handlers. For a POST carrying
 * the header on an authenticated route, the filter opens one transaction around the handler,
 * reserves the key in it ({@code INSERT … ON CONFLICT}), lets the handler run (its own {@code
 * transactional} joins this one), stores the captured answer in the same transaction, and sends the
 * answer only after the commit. So an effect that is a database write and the stored answer commit
 * or roll back together, and a concurrent request with the same key waits on the key's row lock (up
 * to {@code omnipost.idempotency.lock-wait}, else 409 {@code idempotency.in_progress}) and then
 * replays the committed answer.
 *
 * <ul>
 *   <li>A replay (same key, same request, within the retention) gets the first status, headers and
 *       body bytes, plus {@code Idempotent-Replayed: true}.
 *   <li>The same key with another request (method, path, query, body), or from another API key of
 *       the workspace, gets 409 {@code idempotency.mismatch}.
 *   <li>An answer that is not 2xx is not stored and its transaction rolls back, so the request can
 *       be retried with the same key.
 *   <li>Keys belong to a workspace ({@code operator} for the operator's routes); public routes
 *       ignore the header.
 *   <li>Handlers marked {@link AnswersAfterCommit} get a leased reservation instead of the
 *       surrounding transaction.
 * </ul>
 *
 * Ordered after authentication (and the rate limit), so a refused request never touches a key.
 */
@Component
public class IdempotencyFilter implements WebFilter, Ordered {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  /** After {@code ApiKeyAuthenticationFilter} (HIGHEST_PRECEDENCE + 10) and the rate limiter. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  static final int MAX_KEY_LENGTH = 255;
  private static final String OPERATOR_SCOPE = "operator";
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final IdempotencyKeys keys;
  private final TransactionalOperator transactions;
  private final ObjectProvider<RequestMappingHandlerMapping> handlers;
  private final ServerCodecConfigurer codecs;
  private final int jsonLimit;

  IdempotencyFilter(
      IdempotencyKeys keys,
      TransactionalOperator gatewayTransactions,
      @Qualifier("requestMappingHandlerMapping")
          ObjectProvider<RequestMappingHandlerMapping> handlers,
      ServerCodecConfigurer codecs,
      @Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize jsonLimit) {
    this.keys = keys;
    this.transactions = gatewayTransactions;
    this.handlers = handlers;
    this.codecs = codecs;
    this.jsonLimit = (int) Math.min(Integer.MAX_VALUE, jsonLimit.toBytes());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    List<String> values = exchange.getRequest().getHeaders().get(HEADER);
    if (!HttpMethod.POST.equals(exchange.getRequest().getMethod()) || values == null) {
      return chain.filter(exchange);
    }
    return Mono.fromCallable(() -> validKey(values))
        .flatMap(
            key ->
                route(exchange)
                    .defaultIfEmpty(Route.NONE)
                    .flatMap(
                        route ->
                            route == Route.NONE
                                ? chain.filter(exchange)
                                : keyed(route, key, exchange, chain)));
  }

  /** Whose key this is and how to hold it; empty for routes without an owner (public, unknown). */
  private Mono<Route> route(ServerWebExchange exchange) {
    return Mono.defer(() -> handlers.getObject().getHandler(exchange))
        .onErrorResume(noMatch -> Mono.empty())
        .ofType(HandlerMethod.class)
        .flatMap(
            handler -> {
              AnswersAfterCommit afterCommit =
                  handler.getMethodAnnotation(AnswersAfterCommit.class);
              Duration lease =
                  afterCommit == null ? null : Duration.ofSeconds(afterCommit.leaseSeconds());
              if (handler.hasMethodAnnotation(OperatorRoute.class)) {
                return Mono.just(new Route(new Owner(OPERATOR_SCOPE, OPERATOR_SCOPE), lease));
              }
              if (!handler.hasMethodAnnotation(RequiresScope.class)) {
                return Mono.empty();
              }
              return Mono.justOrEmpty(AuthenticatedCaller.of(exchange))
                  .map(
                      caller ->
                          new Route(new Owner(caller.workspaceId(), caller.apiKeyId()), lease));
            });
  }

  private record Route(Owner owner, Duration lease) {
    static final Route NONE = new Route(null, null);
  }

  /** What became of a keyed request: its own fresh answer, or a committed row with its key. */
  private sealed interface Outcome {}

  private record Fresh(CapturedResponse answer) implements Outcome {}

  private record Existing(Stored stored) implements Outcome {}

  /** Carries a fresh answer that is not stored out of the transaction, rolling it back. */
  private static final class NotStored extends RuntimeException {
    private final transient Fresh fresh;

    NotStored(Fresh fresh) {
      super(null, null, false, false);
      this.fresh = fresh;
    }
  }

  private Mono<Void> keyed(
      Route route, String key, ServerWebExchange exchange, WebFilterChain chain) {
    RequestFingerprint fingerprint = new RequestFingerprint(exchange.getRequest(), jsonLimit);
    FingerprintedExchange keyed = new FingerprintedExchange(exchange, fingerprint, codecs);
    Mono<Outcome> outcome =
        route.lease() == null
            ? inOneTransaction(route.owner(), key, keyed, chain)
            : leased(route.owner(), route.lease(), key, keyed, chain);
    return outcome
        .flatMap(result -> answer(result, route.owner(), key, keyed, exchange.getResponse()))
        .doFinally(signal -> keyed.cleanUp().subscribe());
  }

  private Mono<Outcome> inOneTransaction(
      Owner owner, String key, FingerprintedExchange keyed, WebFilterChain chain) {
    Mono<Outcome> work =
        reserve(owner, key, Duration.ZERO)
            .flatMap(
                reserved ->
                    reserved
                        ? chain
                            .filter(keyed)
                            .then(Mono.defer(keyed::fingerprint))
                            .flatMap(hash -> storeOrRollBack(owner, key, hash, keyed.captured()))
                        : existing(owner, key));
    return transactions
        .transactional(work)
        .onErrorResume(NotStored.class, notStored -> Mono.just(notStored.fresh));
  }

  private Mono<Outcome> storeOrRollBack(
      Owner owner, String key, String hash, CapturedResponse answer) {
    if (!answer.succeeded()) {
      return Mono.error(new NotStored(new Fresh(answer)));
    }
    return keys.store(owner, key, hash, answer.status(), answer.storedHeaders(), answer.body())
        .thenReturn(new Fresh(answer));
  }

  private Mono<Outcome> leased(
      Owner owner, Duration lease, String key, FingerprintedExchange keyed, WebFilterChain chain) {
    return transactions
        .transactional(reserve(owner, key, lease))
        .flatMap(
            reserved ->
                reserved
                    ? chain
                        .filter(keyed)
                        .then(Mono.defer(keyed::fingerprint))
                        .flatMap(
                            hash -> {
                              CapturedResponse answer = keyed.captured();
                              Mono<Long> settle =
                                  answer.succeeded()
                                      ? keys.store(
                                          owner,
                                          key,
                                          hash,
                                          answer.status(),
                                          answer.storedHeaders(),
                                          answer.body())
                                      : keys.release(owner, key);
                              return settle.<Outcome>thenReturn(new Fresh(answer));
                            })
                        .onErrorResume(
                            failure ->
                                keys.release(owner, key)
                                    .onErrorComplete()
                                    .then(Mono.error(failure)))
                    : transactions.transactional(existing(owner, key)));
  }

  private Mono<Boolean> reserve(Owner owner, String key, Duration lease) {
    return keys.reserve(owner, key, lease)
        .onErrorMap(IdempotencyFilter::isLockTimeout, timeout -> inProgress(key));
  }

  private Mono<Outcome> existing(Owner owner, String key) {
    // the conflicting row committed while we waited; gone only if it was purged meanwhile
    return keys.find(owner, key)
        .<Outcome>map(Existing::new)
        .switchIfEmpty(Mono.error(() -> inProgress(key)));
  }

  private Mono<Void> answer(
      Outcome outcome,
      Owner owner,
      String key,
      FingerprintedExchange keyed,
      ServerHttpResponse response) {
    if (outcome instanceof Fresh fresh) {
      CapturedResponse answer = fresh.answer();
      return send(response, answer.status(), answer.storedHeaders(), answer.body(), false);
    }
    return replay(((Existing) outcome).stored(), owner, key, keyed, response);
  }

  private Mono<Void> replay(
      Stored stored,
      Owner owner,
      String key,
      FingerprintedExchange keyed,
      ServerHttpResponse response) {
    if (stored.inProgress()) {
      return Mono.error(inProgress(key));
    }
    if (stored.apiKeyId() != null && !stored.apiKeyId().equals(owner.apiKeyId())) {
      return Mono.error(
          mismatch(key, "This Idempotency-Key was used by another API key of this workspace"));
    }
    return keyed
        .fingerprint()
        .flatMap(
            hash ->
                hash.equals(stored.requestHash())
                    ? send(response, stored.status(), stored.headers(), stored.body(), true)
                    : Mono.error(
                        mismatch(
                            key,
                            "This Idempotency-Key was used with a different request (method, path"
                                + " or body)")));
  }

  private static Mono<Void> send(
      ServerHttpResponse response,
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      boolean replayed) {
    response.setStatusCode(HttpStatusCode.valueOf(status));
    headers.forEach((name, values) -> response.getHeaders().put(name, values));
    if (replayed) {
      response.getHeaders().set(REPLAYED_HEADER, "true");
    }
    byte[] bytes = body == null ? new byte[0] : body;
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  static String validKey(List<String> values) {
    if (values.size() != 1) {
      throw invalidKey("Send one Idempotency-Key header, not " + values.size());
    }
    String key = values.get(0);
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw invalidKey("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw invalidKey(
            "Idempotency-Key may hold only printable ASCII characters (a UUID is a good key)");
      }
    }
    return key;
  }

  private static ApiException invalidKey(String message) {
    return ApiException.invalid("idempotency.invalid_key", message, Map.of("field", HEADER));
  }

  private static ApiException inProgress(String key) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "idempotency.in_progress",
        "A request with this Idempotency-Key is still being processed; retry shortly",
        Map.of("idempotency_key", key));
  }

  private static ApiException mismatch(String key, String message) {
    return new ApiException(
        HttpStatus.CONFLICT, "idempotency.mismatch", message, Map.of("idempotency_key", key));
  }

  private static boolean isLockTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof R2dbcException r2dbc && LOCK_NOT_AVAILABLE.equals(r2dbc.getSqlState())) {
        return true;
      }
    }
    return false;
  }
}

package dev.omnipost.sandbox.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Failures queued per account; each call of the account takes the first queued one it matches (a
 * failure may be for one HTTP method and path only: other calls pass it by).
 */
@Component
public class InjectedFailures implements Resettable {

  private final Map<String, Deque<InjectedFailure>> queues = new ConcurrentHashMap<>();

  public void add(String platform, String accountId, InjectedFailure failure, int count) {
    Deque<InjectedFailure> queue =
        queues.computeIfAbsent(key(platform, accountId), k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < count; i++) {
        queue.addLast(failure);
      }
    }
  }

  /**
   * Takes the failure the account's current call must answer with, if any is queued; a call whose
   * method and path are not known takes only a failure without a filter.
   */
  public Optional<InjectedFailure> next(String platform, String accountId) {
    return next(platform, accountId, null, null);
  }

  /** Takes the first failure queued for the account that a call of this method and path takes. */
  public Optional<InjectedFailure> next(
      String platform, String accountId, String method, String path) {
    Deque<InjectedFailure> queue = queues.get(key(platform, accountId));
    if (queue == null) {
      return Optional.empty();
    }
    synchronized (queue) {
      Iterator<InjectedFailure> queued = queue.iterator();
      while (queued.hasNext()) {
        InjectedFailure failure = queued.next();
        if (failure.matches(method, path)) {
          queued.remove();
          return Optional.of(failure);
        }
      }
      return Optional.empty();
    }
  }

  /** Takes the first failure queued for the account that this request takes. */
  public Optional<InjectedFailure> next(
      String platform,
      String accountId,
      org.springframework.http.server.reactive.ServerHttpRequest request) {
    return next(platform, accountId, request.getMethod().name(), request.getPath().value());
  }

  @Override
  public void reset() {
    queues.clear();
  }

  private static String key(String platform, String accountId) {
    return platform + "/" + accountId;
  }
}

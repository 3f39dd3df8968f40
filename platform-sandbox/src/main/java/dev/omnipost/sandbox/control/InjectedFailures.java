package dev.omnipost.sandbox.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Failures queued per account; each call of the account takes the next one. */
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

  /** Takes the failure the account's current call must answer with, if any is queued. */
  public Optional<InjectedFailure> next(String platform, String accountId) {
    Deque<InjectedFailure> queue = queues.get(key(platform, accountId));
    if (queue == null) {
      return Optional.empty();
    }
    synchronized (queue) {
      return Optional.ofNullable(queue.pollFirst());
    }
  }

  @Override
  public void reset() {
    queues.clear();
  }

  private static String key(String platform, String accountId) {
    return platform + "/" + accountId;
  }
}

package dev.omnipost.gateway.queues;

import dev.omnipost.gateway.queues.QueueRepository.StoredQueue;
import dev.omnipost.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The posting queues as the posts feature uses them: each account's next free slot, the first
 * instant its queue names after now that no live target of the account already holds. Time comes
 * from the context's {@link Clock} when there is one (tests fix it), else the system's.
 */
@Component
public class PostingQueues {

  private final QueueRepository queues;
  private final Clock clock;

  PostingQueues(QueueRepository queues, ObjectProvider<Clock> clock) {
    this.queues = queues;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * The next free slot of each account, for targets about to be stored in the caller's transaction:
   * subscribe inside it. The accounts' queue rows stay locked until it ends, so a concurrent queued
   * post to one of them waits and then sees these targets' slots as taken. 400 {@code
   * queue.not_configured} names the accounts that have no queue.
   */
  public Mono<Map<String, Instant>> takeNextFreeSlots(String workspaceId, List<String> accountIds) {
    return queues
        .lock(workspaceId, accountIds)
        .collectList()
        .flatMap(
            found -> {
              Set<String> configured =
                  found.stream().map(StoredQueue::accountId).collect(Collectors.toSet());
              List<String> missing =
                  accountIds.stream().filter(id -> !configured.contains(id)).toList();
              // read after the locks: a post that held one has committed its targets by now
              return missing.isEmpty()
                  ? nextFreeSlots(workspaceId, found)
                  : Mono.error(notConfigured(missing));
            });
  }

  /** The slot the next queued post to each queue's account would get now, by account. */
  Mono<Map<String, Instant>> nextFreeSlots(String workspaceId, List<StoredQueue> found) {
    Instant now = clock.instant();
    List<String> accountIds = found.stream().map(StoredQueue::accountId).toList();
    return queues
        .taken(workspaceId, accountIds, now)
        .map(
            taken -> {
              Map<String, Instant> slots = new HashMap<>();
              for (StoredQueue queue : found) {
                Set<Instant> held = taken.getOrDefault(queue.accountId(), Set.of());
                slots.put(
                    queue.accountId(), queue.schedule().queueSlots().firstFreeAfter(now, held));
              }
              return slots;
            });
  }

  private static ApiException notConfigured(List<String> accountIds) {
    String names = String.join(", ", accountIds);
    return ApiException.invalid(
        "queue.not_configured",
        (accountIds.size() == 1 ? "Account " + names + " has" : "Accounts " + names + " have")
            + " no posting queue; set one with PUT /v1/accounts/"
            + accountIds.get(0)
            + "/queue, or send scheduled_at instead of queue",
        Map.of("field", "account_ids", "account_ids", accountIds));
  }
}

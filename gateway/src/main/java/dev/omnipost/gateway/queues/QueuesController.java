package dev.omnipost.gateway.queues;

import dev.omnipost.gateway.queues.QueueRepository.StoredQueue;
import dev.omnipost.gateway.queues.QueueRules.Schedule;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An account's posting queue (Buffer-style): weekly slots in a time zone that {@code POST /v1/posts
 * {"queue": true}} fills in order. The account is checked first (its workspace, and its brands for
 * a restricted key; else 404), so nothing about the body is answered for an account the caller
 * cannot see.
 */
@RestController
class QueuesController {

  private final QueueRepository queues;
  private final PostingQueues postingQueues;

  QueuesController(QueueRepository queues, PostingQueues postingQueues) {
    this.queues = queues;
    this.postingQueues = postingQueues;
  }

  @GetMapping("/v1/accounts/{id}/queue")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Envelope<QueueView>> get(Caller caller, @PathVariable String id) {
    return visibleAccount(caller, id)
        .then(queues.find(caller.workspaceId(), id))
        .flatMap(queue -> view(caller, queue))
        .defaultIfEmpty(QueueView.none(id))
        .map(Envelope::of);
  }

  @PutMapping("/v1/accounts/{id}/queue")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<Envelope<QueueView>> put(
      Caller caller, @PathVariable String id, @RequestBody(required = false) QueueRequest body) {
    return visibleAccount(caller, id)
        .then(Mono.fromCallable(() -> QueueRules.validate(body)))
        .flatMap((Schedule schedule) -> queues.save(caller.workspaceId(), id, schedule))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)))
        .flatMap(queue -> view(caller, queue))
        .map(Envelope::of);
  }

  /** Stops queueing to the account: {@code queue: true} posts to it answer 400 again. */
  @DeleteMapping("/v1/accounts/{id}/queue")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Caller caller, @PathVariable String id) {
    return visibleAccount(caller, id).then(queues.delete(caller.workspaceId(), id));
  }

  private Mono<Void> visibleAccount(Caller caller, String id) {
    return queues
        .accountVisible(caller, id)
        .flatMap(
            visible ->
                visible ? Mono.<Void>empty() : Mono.error(ApiException.notFound("account", id)));
  }

  private Mono<QueueView> view(Caller caller, StoredQueue queue) {
    return postingQueues
        .nextFreeSlots(caller.workspaceId(), List.of(queue))
        .map(
            next ->
                new QueueView(
                    queue.accountId(),
                    queue.schedule().zone().getId(),
                    queue.schedule().views(),
                    next.get(queue.accountId()),
                    queue.updatedAt()));
  }
}

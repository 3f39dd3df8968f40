package dev.omnipost.gateway.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes idempotency keys past their retention, so the table holds about one day of keyed POSTs
 * rather than every key ever sent. Every gateway instance runs it; the deletes do not conflict.
 */
@Component
class ExpiredKeyCleanup {

  private static final Logger log = LoggerFactory.getLogger(ExpiredKeyCleanup.class);

  private final IdempotencyKeys keys;

  ExpiredKeyCleanup(IdempotencyKeys keys) {
    this.keys = keys;
  }

  @Scheduled(
      initialDelayString = "${omnipost.idempotency.cleanup-interval:15m}",
      fixedDelayString = "${omnipost.idempotency.cleanup-interval:15m}")
  Mono<Void> purgeExpired() {
    return keys.purgeExpired()
        .doOnNext(deleted -> log.debug("Purged {} expired idempotency keys", deleted))
        .onErrorResume(
            failure -> {
              log.warn("Could not purge expired idempotency keys: {}", failure.toString());
              return Mono.empty();
            })
        .then();
  }
}

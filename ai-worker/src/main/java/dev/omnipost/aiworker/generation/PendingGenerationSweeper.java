package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.AiProperties;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fails and refunds generations pending longer than {@code omnipost.ai.pending-timeout}: a request
 * whose command was lost or unreadable, or whose worker never finished, keeps no credit. Rows are
 * locked with {@code SKIP LOCKED}, so several workers sweep without meeting.
 */
@Component
class PendingGenerationSweeper {

  private static final Logger log = LoggerFactory.getLogger(PendingGenerationSweeper.class);
  private static final int BATCH = 100;

  private final GenerationRepository generations;
  private final GenerationFailures failures;
  private final TransactionTemplate transactions;
  private final GenerationMetrics metrics;
  private final Duration timeout;

  PendingGenerationSweeper(
      GenerationRepository generations,
      GenerationFailures failures,
      TransactionTemplate transactions,
      GenerationMetrics metrics,
      AiProperties properties) {
    this.generations = generations;
    this.failures = failures;
    this.transactions = transactions;
    this.metrics = metrics;
    this.timeout = properties.pendingTimeout();
  }

  @Scheduled(
      fixedDelayString = "${omnipost.ai.sweep-interval:30s}",
      initialDelayString = "${omnipost.ai.sweep-interval:30s}")
  void sweep() {
    int swept;
    do {
      swept = sweepBatch();
      if (swept > 0) {
        metrics.swept(swept);
        log.warn("Failed and refunded {} generations pending longer than {}", swept, timeout);
      }
    } while (swept == BATCH);
  }

  /** One batch in one transaction: the locks hold until the refunds commit. */
  int sweepBatch() {
    Integer swept =
        transactions.execute(
            tx -> {
              List<GenerationRepository.Stale> stale = generations.lockStale(timeout, BATCH);
              int failed = 0;
              for (GenerationRepository.Stale generation : stale) {
                if (failures
                    .failInTransaction(
                        generation.id(),
                        generation.workspaceId(),
                        null,
                        GenerationFailure.TIMED_OUT)
                    .isPresent()) {
                  failed++;
                }
              }
              return failed;
            });
    return swept == null ? 0 : swept;
  }
}

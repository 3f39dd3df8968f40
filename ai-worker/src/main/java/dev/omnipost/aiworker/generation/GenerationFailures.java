package dev.omnipost.aiworker.generation;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.ai.AiGenerationFailed;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fails a generation the one way every path uses (a permanent provider failure, the dead-letter
 * topic, the sweeper): {@code pending → failed} with the code's fixed message, its credits given
 * back to the month they were counted in, and {@code ai.generation.failed}, in one transaction. A
 * generation that is no longer pending is left alone, so no credit is refunded twice.
 */
@Component
class GenerationFailures {

  private final GenerationRepository generations;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;

  GenerationFailures(
      GenerationRepository generations,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions) {
    this.generations = generations;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  /** The generation this call failed (and refunded); empty when it was not pending any more. */
  Optional<GenerationRepository.Failed> fail(
      String generationId, String workspaceId, String provider, String code) {
    return transactions.execute(tx -> failInTransaction(generationId, workspaceId, provider, code));
  }

  /** {@link #fail} inside the caller's transaction. */
  Optional<GenerationRepository.Failed> failInTransaction(
      String generationId, String workspaceId, String provider, String code) {
    String message = GenerationFailure.messageFor(code);
    return generations
        .fail(generationId, provider, code, message)
        .map(
            failed -> {
              generations.refundCredits(generationId);
              outbox.publishEvent(
                  codec.wrap(
                      new AiGenerationFailed(generationId, code, message, failed.credits()),
                      workspaceId,
                      generationId));
              return failed;
            });
  }
}

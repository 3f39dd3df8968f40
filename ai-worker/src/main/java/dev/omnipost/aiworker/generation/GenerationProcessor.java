package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.ChatMessage;
import dev.omnipost.aiworker.providers.GeneratedText;
import dev.omnipost.aiworker.providers.GenerationRequest;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.TextGenerationException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.ai.AiGenerationCompleted;
import dev.omnipost.events.ai.AiGenerationFailed;
import dev.omnipost.events.commands.GenerateContent;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * Runs one generation: loads the pending row (anything else was already handled: skip), asks the
 * provider outside any transaction, then stores the outcome and its event together. A failure
 * refunds the reserved credits in the same transaction.
 */
@Service
public class GenerationProcessor {

  private static final Logger log = LoggerFactory.getLogger(GenerationProcessor.class);
  private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};

  private final GenerationRepository generations;
  private final ProviderCalls provider;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;
  private final GenerationMetrics metrics;

  GenerationProcessor(
      GenerationRepository generations,
      ProviderCalls provider,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions,
      GenerationMetrics metrics) {
    this.generations = generations;
    this.provider = provider;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
    this.metrics = metrics;
  }

  public void process(GenerateContent command) {
    PendingGeneration generation =
        generations.findPending(command.generationId(), command.workspaceId()).orElse(null);
    if (generation == null) {
      log.debug("generation {} is not pending any more; nothing to do", command.generationId());
      return;
    }
    long started = System.nanoTime();
    String outcome;
    if (!"text".equals(generation.kind())) {
      outcome = fail(generation, "unsupported_type", "only text generation is available");
    } else {
      try {
        GeneratedText text = provider.generateWithinLimit(request(generation));
        outcome = complete(generation, text);
      } catch (TextGenerationException e) {
        // the provider's own words stay in the operator's log; the tenant gets code and fixed text
        log.warn(
            "generation {} of workspace {} failed at provider {} ({}, HTTP {}): {}",
            generation.id(),
            generation.workspaceId(),
            provider.providerName(),
            e.code(),
            e.httpStatus(),
            e.getMessage());
        outcome = fail(generation, e.code(), e.tenantMessage());
      }
    }
    metrics.record(provider.providerName(), outcome, Duration.ofNanos(System.nanoTime() - started));
  }

  private String complete(PendingGeneration generation, GeneratedText text) {
    transactions.executeWithoutResult(
        tx -> {
          if (generations.complete(generation.id(), text.content(), text.provider())) {
            AiGenerationCompleted event =
                new AiGenerationCompleted(
                    generation.id(),
                    generation.kind(),
                    generation.platform(),
                    text.provider(),
                    generation.credits());
            outbox.publishEvent(codec.wrap(event, generation.workspaceId(), generation.id()));
          }
        });
    return "completed";
  }

  private String fail(PendingGeneration generation, String code, String message) {
    transactions.executeWithoutResult(
        tx -> {
          if (generations.fail(generation.id(), provider.providerName(), code, message)) {
            generations.refundCredits(generation.id());
            AiGenerationFailed event =
                new AiGenerationFailed(generation.id(), code, message, generation.credits());
            outbox.publishEvent(codec.wrap(event, generation.workspaceId(), generation.id()));
          }
        });
    return "failed";
  }

  private static GenerationRequest request(PendingGeneration generation) {
    List<ChatMessage> messages =
        generation.messagesJson() == null
            ? List.of()
            : CloudEventCodec.dataMapper().readValue(generation.messagesJson(), MESSAGES);
    Platform platform = Platform.fromId(generation.platform()).orElse(null);
    return new GenerationRequest(
        generation.prompt(),
        messages,
        platform,
        generation.mode(),
        generation.tone(),
        LengthLimit.forPlatform(platform));
  }
}

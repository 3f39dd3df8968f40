package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.ProviderException;
import dev.omnipost.aiworker.providers.Tool;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.ai.AiGenerationCompleted;
import dev.omnipost.events.commands.GenerateContent;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one generation: loads the pending row (anything else was already handled: skip), asks the
 * providers outside any transaction, then stores the outcome and its event together. A permanent
 * failure is stored at once with its refund; a transient one is thrown, for the retry topics.
 */
@Service
public class GenerationProcessor {

  private static final Logger log = LoggerFactory.getLogger(GenerationProcessor.class);

  private final GenerationRepository generations;
  private final ToolRunner runner;
  private final GenerationFailures failures;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;
  private final GenerationMetrics metrics;
  private final TraceContexts traces;

  GenerationProcessor(
      GenerationRepository generations,
      ToolRunner runner,
      GenerationFailures failures,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions,
      GenerationMetrics metrics,
      TraceContexts traces) {
    this.traces = traces;
    this.generations = generations;
    this.runner = runner;
    this.failures = failures;
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
      traces.tag("outcome", "not_pending");
      return;
    }
    String provider = runner.providerFor(generation);
    // the span in scope (the listener's): what ran, never the prompt or the text it produced
    traces.tag("provider", provider);
    traces.tag("tool", generation.tool());
    long started = System.nanoTime();
    String outcome;
    try {
      outcome = complete(generation, runner.run(generation));
    } catch (ProviderException e) {
      // the provider's own words stay in the operator's log; the tenant gets code and fixed text
      log.warn(
          "generation {} of workspace {} failed at provider {} ({}, HTTP {}, {}): {}",
          generation.id(),
          generation.workspaceId(),
          provider,
          e.code(),
          e.httpStatus(),
          e.isTransient() ? "will be retried" : "permanent",
          e.getMessage());
      traces.tag("error_code", e.code());
      if (e.isTransient()) {
        traces.tag("outcome", "retried");
        metrics.retried(provider, generation.tool());
        throw new RetryableGenerationFailure(generation.id(), e);
      }
      failures.fail(generation.id(), generation.workspaceId(), provider, e.code());
      outcome = "failed";
    }
    traces.tag("outcome", outcome);
    metrics.finished(
        provider, generation.tool(), outcome, Duration.ofNanos(System.nanoTime() - started));
  }

  private String complete(PendingGeneration generation, GenerationResult result) {
    String resultJson = resultJson(result);
    transactions.executeWithoutResult(
        tx -> {
          if (generations.complete(generation.id(), result, resultJson)) {
            AiGenerationCompleted event =
                new AiGenerationCompleted(
                    generation.id(),
                    generation.kind(),
                    Tool.fromId(generation.tool()).id(),
                    generation.platform(),
                    result.provider(),
                    generation.credits());
            outbox.publishEvent(codec.wrap(event, generation.workspaceId(), generation.id()));
          }
        });
    return "completed";
  }

  /** The structured part as {@code ai_generations.result}: items or findings; null for a text. */
  private static String resultJson(GenerationResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (result.items() != null) {
      json.put("items", result.items());
    }
    if (result.findings() != null) {
      json.put("findings", result.findings());
    }
    return json.isEmpty() ? null : CloudEventCodec.dataMapper().writeValueAsString(json);
  }
}

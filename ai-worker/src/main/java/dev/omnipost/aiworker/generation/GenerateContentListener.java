package dev.omnipost.aiworker.generation;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes generation requests, and their dead letters. A transient failure (the provider, the
 * database) propagates to the retry topics declared in {@code AiWorkerConfiguration}; after the
 * last attempt the request arrives at {@link #onDeadLetter}, which fails the generation and refunds
 * its credits, so no credit is kept for a generation that never ran.
 */
@Component
class GenerateContentListener {

  private static final Logger log = LoggerFactory.getLogger(GenerateContentListener.class);

  private final GenerationProcessor processor;
  private final GenerationFailures failures;
  private final ToolRunner runner;
  private final GenerationMetrics metrics;
  private final TraceContexts traces;

  GenerateContentListener(
      GenerationProcessor processor,
      GenerationFailures failures,
      ToolRunner runner,
      GenerationMetrics metrics,
      TraceContexts traces) {
    this.traces = traces;
    this.processor = processor;
    this.failures = failures;
    this.runner = runner;
    this.metrics = metrics;
  }

  /** The span of one attempt of a generation (ADR 30). */
  static final String SPAN = "ai generation";

  /**
   * One attempt, in an {@code ai generation} span continuing the record's {@code traceparent}: the
   * gateway's request that asked for it (retry topics copy the header), so the provider call is
   * found under that request.
   */
  @KafkaListener(id = "ai-generator", topics = Topics.AI_GENERATION_REQUESTS)
  void onRequest(ConsumerRecord<String, byte[]> record) {
    GenerateContent command = command(record.value());
    traces.run(
        SPAN,
        traceparent(record),
        () -> {
          traces.tag("generation_id", command.generationId());
          processor.process(command);
        });
  }

  /** Every attempt failed: the generation fails with the last failure's code, refunded. */
  void onDeadLetter(
      byte[] payload,
      @Header(name = GenerationFailure.CODE_HEADER, required = false) byte[] failureCode) {
    metrics.deadLettered();
    GenerateContent command;
    try {
      command = command(payload);
    } catch (RuntimeException unreadable) {
      // nothing names a generation to fail; a pending one is failed by the sweeper
      log.warn("Dropping an unreadable generation request: {}", unreadable.getMessage());
      return;
    }
    String code =
        failureCode == null
            ? GenerationFailure.WORKER_ERROR
            : new String(failureCode, StandardCharsets.UTF_8);
    failures
        .fail(command.generationId(), command.workspaceId(), null, code)
        .ifPresent(
            failed -> {
              log.warn(
                  "generation {} of workspace {} failed after its last attempt ({})",
                  command.generationId(),
                  command.workspaceId(),
                  code);
              metrics.counted(runner.providerFor(failed.kind()), failed.tool(), "failed");
            });
  }

  private static GenerateContent command(byte[] payload) {
    CloudEvent event = CloudEventCodec.decode(payload);
    if (!GenerateContent.TYPE.equals(event.type())) {
      throw new IllegalArgumentException("unexpected message type " + event.type());
    }
    return CloudEventCodec.dataAs(event, GenerateContent.class);
  }

  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    org.apache.kafka.common.header.Header header =
        record.headers().lastHeader(TraceContexts.TRACEPARENT);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
  }
}

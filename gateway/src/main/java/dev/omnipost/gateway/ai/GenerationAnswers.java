package dev.omnipost.gateway.ai;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How every AI route answers: the request is stored (credits counted, command queued), then the
 * answer waits without blocking, by polling the row, for the ai-worker's result up to {@code wait}
 * seconds. Done: 200 with the result and the credits; still running: 202 with the id to poll;
 * failed: 502 {@code ai.provider_failed} (501 {@code ai.unsupported_type} for an image on a
 * provider without images) with the worker's fixed message for the code, never the provider's own
 * text. A failed generation's credits have been refunded by the worker.
 */
@Component
class GenerationAnswers {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(75);

  private final AiGenerations generations;
  private final GeneratedImages images;

  GenerationAnswers(AiGenerations generations, GeneratedImages images) {
    this.generations = generations;
    this.images = images;
  }

  /** The 200 answer: the generation and what it cost. */
  record Generated(GenerationView data, Credits credits) {}

  /** {@code remaining} is this month's AI credits left; null when the plan has no limit. */
  record Credits(int used, Long remaining) {}

  record Accepted(String id, String status) {}

  Mono<ResponseEntity<Object>> run(Caller caller, ValidGeneration generation) {
    String workspace = caller.workspaceId();
    return generations
        .request(caller, generation)
        .flatMap(
            id ->
                settled(workspace, id, generation.waitFor())
                    .flatMap(images::view)
                    .flatMap(view -> answer(workspace, view))
                    .switchIfEmpty(Mono.fromSupplier(() -> accepted(id))));
  }

  /** The generation once it left pending, or empty when {@code wait} ran out first. */
  private Mono<GenerationRow> settled(String workspace, String id, Duration wait) {
    if (wait.isZero()) {
      return Mono.empty();
    }
    return Flux.interval(POLL_INTERVAL, POLL_INTERVAL)
        .onBackpressureDrop()
        .concatMap(tick -> generations.find(workspace, id), 1)
        .filter(row -> !row.isPending())
        .next()
        .take(wait);
  }

  private Mono<ResponseEntity<Object>> answer(String workspace, GenerationView view) {
    if ("failed".equals(view.status())) {
      String code = view.error() == null ? null : view.error().code();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("generation_id", view.id());
      meta.put("provider", view.provider());
      meta.put("provider_error", code);
      meta.put("credits_refunded", view.credits());
      String message =
          view.error() == null || view.error().message() == null
              ? "The AI provider could not generate this content"
              : view.error().message();
      if ("unsupported_type".equals(code)) {
        meta.put("field", "type");
        return Mono.error(
            new ApiException(HttpStatus.NOT_IMPLEMENTED, "ai.unsupported_type", message, meta));
      }
      return Mono.error(
          new ApiException(HttpStatus.BAD_GATEWAY, "ai.provider_failed", message, meta));
    }
    return generations
        .balance(workspace)
        .map(
            remaining ->
                ResponseEntity.ok(
                    new Generated(view, new Credits(view.credits(), remaining.orElse(null)))));
  }

  private static ResponseEntity<Object> accepted(String id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Envelope.of(new Accepted(id, "pending")));
  }
}

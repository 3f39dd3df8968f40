package dev.omnipost.gateway.ai;

import dev.omnipost.gateway.idempotency.AnswersAfterCommit;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * AI generation: accepts a request (credits reserved, command queued), then waits without blocking,
 * by polling the row, for the ai-worker's result up to {@code wait} seconds. Done: 200 with the
 * content; still running: 202 with the id to poll; failed: 502 with the worker's fixed message for
 * the error code, never the provider's own text (the worker has refunded the credits).
 */
@RestController
class AiController {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(75);

  private final AiGenerations generations;

  AiController(AiGenerations generations) {
    this.generations = generations;
  }

  /** The 200 answer: the generation and what it cost. */
  record Generated(GenerationView data, Credits credits) {}

  /** {@code remaining} is this month's AI credits left; null when the plan has no limit. */
  record Credits(int used, Long remaining) {}

  record Accepted(String id, String status) {}

  @PostMapping("/v1/ai/generate")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(
      value = "waits up to 60 s for the ai-worker, which only sees the committed generation",
      leaseSeconds = 90)
  Mono<ResponseEntity<Object>> generate(
      Caller caller, @RequestBody(required = false) GenerateRequest request) {
    ValidGeneration generation = GenerateRequestValidator.validate(request);
    String workspace = caller.workspaceId();
    return generations
        .request(caller, generation)
        .flatMap(
            id ->
                settled(workspace, id, generation.waitFor())
                    .flatMap(view -> answer(workspace, view))
                    .switchIfEmpty(Mono.fromSupplier(() -> accepted(id))));
  }

  @GetMapping("/v1/ai/generations/{id}")
  @RequiresScope(Scopes.AI_GENERATE)
  Mono<Envelope<GenerationView>> get(Caller caller, @PathVariable String id) {
    return generations
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("generation", id)))
        .map(Envelope::of);
  }

  /** The generation once it left pending, or empty when {@code wait} ran out first. */
  private Mono<GenerationView> settled(String workspace, String id, Duration wait) {
    if (wait.isZero()) {
      return Mono.empty();
    }
    return Flux.interval(POLL_INTERVAL, POLL_INTERVAL)
        .onBackpressureDrop()
        .concatMap(tick -> generations.find(workspace, id), 1)
        .filter(view -> !view.isPending())
        .next()
        .take(wait);
  }

  private Mono<ResponseEntity<Object>> answer(String workspace, GenerationView view) {
    if ("failed".equals(view.status())) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("generation_id", view.id());
      meta.put("provider", view.provider());
      meta.put("provider_error", view.error() == null ? null : view.error().code());
      meta.put("credits_refunded", view.credits());
      String message =
          view.error() == null || view.error().message() == null
              ? "The AI provider could not generate this content"
              : view.error().message();
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

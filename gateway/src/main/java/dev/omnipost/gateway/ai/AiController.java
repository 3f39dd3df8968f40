package dev.omnipost.gateway.ai;

import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.idempotency.AnswersAfterCommit;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Generating posts and images ({@code POST /v1/ai/generate}, and {@code /v1/ai/compose}, the same
 * call under the name SocialCRM users know) and reading any generation back. A text costs 1 credit,
 * an image 2; an image is sized for the platform and stored in the media library.
 */
@RestController
class AiController {

  private final AiGenerations generations;
  private final GenerationAnswers answers;
  private final GeneratedImages images;
  private final BrandAssignment brands;

  AiController(
      AiGenerations generations,
      GenerationAnswers answers,
      GeneratedImages images,
      BrandAssignment brands) {
    this.generations = generations;
    this.answers = answers;
    this.images = images;
    this.brands = brands;
  }

  @PostMapping("/v1/ai/generate")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(
      value = "waits up to 60 s for the ai-worker, which only sees the committed generation",
      leaseSeconds = 90)
  Mono<ResponseEntity<Object>> generate(
      Caller caller, @RequestBody(required = false) GenerateRequest request) {
    return run(caller, GenerateRequestValidator.validate("generate", request));
  }

  @PostMapping("/v1/ai/compose")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(
      value = "waits up to 60 s for the ai-worker, which only sees the committed generation",
      leaseSeconds = 90)
  Mono<ResponseEntity<Object>> compose(
      Caller caller, @RequestBody(required = false) GenerateRequest request) {
    return run(caller, GenerateRequestValidator.validate("compose", request));
  }

  @GetMapping("/v1/ai/generations/{id}")
  @RequiresScope(Scopes.AI_GENERATE)
  Mono<Envelope<GenerationView>> get(Caller caller, @PathVariable String id) {
    return generations
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("generation", id)))
        .flatMap(images::view)
        .map(Envelope::of);
  }

  /** An image's media row gets the brand the request names, or the key's only brand. */
  private Mono<ResponseEntity<Object>> run(Caller caller, ValidGeneration generation) {
    if (!generation.isImage()) {
      return answers.run(caller, generation);
    }
    return brands
        .brandFor(caller, generation.brandId())
        .flatMap(brand -> answers.run(caller, generation.withBrand(brand.orElse(null))));
  }
}

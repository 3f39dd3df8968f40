package dev.omnipost.gateway.ai;

import dev.omnipost.gateway.idempotency.AnswersAfterCommit;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The writing tools, 1 credit each, answered like {@code generate}: {@code rewrite} (another tone,
 * the same content), {@code hashtags} (a list), {@code thread} (an ordered list of posts, each
 * within the platform's limit by its own counting), {@code ideas} (a list), {@code optimize} (an
 * improved text and its findings).
 */
@RestController
class WritingToolsController {

  private static final String WAITS =
      "waits up to 60 s for the ai-worker, which only sees the committed generation";

  private final GenerationAnswers answers;

  WritingToolsController(GenerationAnswers answers) {
    this.answers = answers;
  }

  @PostMapping("/v1/ai/rewrite")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(value = WAITS, leaseSeconds = 90)
  Mono<ResponseEntity<Object>> rewrite(
      Caller caller, @RequestBody(required = false) WritingToolRequest request) {
    return answers.run(caller, WritingToolValidator.rewrite(request));
  }

  @PostMapping("/v1/ai/hashtags")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(value = WAITS, leaseSeconds = 90)
  Mono<ResponseEntity<Object>> hashtags(
      Caller caller, @RequestBody(required = false) WritingToolRequest request) {
    return answers.run(caller, WritingToolValidator.hashtags(request));
  }

  @PostMapping("/v1/ai/thread")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(value = WAITS, leaseSeconds = 90)
  Mono<ResponseEntity<Object>> thread(
      Caller caller, @RequestBody(required = false) WritingToolRequest request) {
    return answers.run(caller, WritingToolValidator.thread(request));
  }

  @PostMapping("/v1/ai/ideas")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(value = WAITS, leaseSeconds = 90)
  Mono<ResponseEntity<Object>> ideas(
      Caller caller, @RequestBody(required = false) WritingToolRequest request) {
    return answers.run(caller, WritingToolValidator.ideas(request));
  }

  @PostMapping("/v1/ai/optimize")
  @RequiresScope(Scopes.AI_GENERATE)
  @AnswersAfterCommit(value = WAITS, leaseSeconds = 90)
  Mono<ResponseEntity<Object>> optimize(
      Caller caller, @RequestBody(required = false) WritingToolRequest request) {
    return answers.run(caller, WritingToolValidator.optimize(request));
  }
}

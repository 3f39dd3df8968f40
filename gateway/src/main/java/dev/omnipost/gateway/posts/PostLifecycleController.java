package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A post's life after creation: edit, publish a draft, (re)schedule, cancel, retry failed targets.
 * Each answers the post as it is afterwards. Routes whose effect depends on the post's state check
 * {@code posts:publish} in the handler once the post is read (ADR 0005).
 */
@RestController
class PostLifecycleController {

  private final PostEditor editor;
  private final PostCanceler canceler;
  private final TargetRetrier retrier;

  PostLifecycleController(PostEditor editor, PostCanceler canceler, TargetRetrier retrier) {
    this.editor = editor;
    this.canceler = canceler;
    this.retrier = retrier;
  }

  /** Edits a draft ({@code posts:write}) or a scheduled post (also {@code posts:publish}). */
  @PatchMapping("/v1/posts/{id}")
  @RequiresScope(Scopes.POSTS_WRITE)
  Mono<Envelope<PostView>> edit(
      Caller caller, @PathVariable String id, @RequestBody UpdatePostRequest request) {
    return editor.edit(caller, id, request).map(Envelope::of);
  }

  @PostMapping("/v1/posts/{id}/publish")
  @RequiresScope(Scopes.POSTS_PUBLISH)
  Mono<Envelope<PostView>> publish(Caller caller, @PathVariable String id) {
    return editor.publish(caller, id).map(Envelope::of);
  }

  @PostMapping("/v1/posts/{id}/schedule")
  @RequiresScope(Scopes.POSTS_PUBLISH)
  Mono<Envelope<PostView>> schedule(
      Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) ScheduleRequest request) {
    return editor.schedule(caller, id, request).map(Envelope::of);
  }

  /**
   * Cancels a draft ({@code posts:write}) or a post that would publish (also {@code
   * posts:publish}).
   */
  @DeleteMapping("/v1/posts/{id}")
  @RequiresScope(Scopes.POSTS_WRITE)
  Mono<Envelope<PostView>> cancel(Caller caller, @PathVariable String id) {
    return canceler.cancel(caller, id).map(Envelope::of);
  }

  @PostMapping("/v1/posts/{id}/retry")
  @RequiresScope(Scopes.POSTS_PUBLISH)
  Mono<Envelope<PostView>> retry(
      Caller caller, @PathVariable String id, @RequestBody(required = false) RetryRequest request) {
    return retrier.retry(caller, id, request).map(Envelope::of);
  }
}

package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** What became of a published post: removing it from the platforms, and its counters there. */
@RestController
class PostResultsController {

  private final PostUnpublisher unpublisher;
  private final PostMetricsReader metrics;

  PostResultsController(PostUnpublisher unpublisher, PostMetricsReader metrics) {
    this.unpublisher = unpublisher;
    this.metrics = metrics;
  }

  /** 202 while deletes are under way (the worker does them), 200 when all are already done. */
  @PostMapping("/v1/posts/{id}/unpublish")
  @RequiresScope(Scopes.POSTS_PUBLISH)
  Mono<ResponseEntity<Envelope<UnpublishView>>> unpublish(Caller caller, @PathVariable String id) {
    return unpublisher
        .unpublish(caller, id)
        .map(
            outcome ->
                ResponseEntity.status(outcome.accepted() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                    .body(Envelope.of(outcome.view())));
  }

  @GetMapping("/v1/posts/{id}/metrics")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Envelope<PostMetricsView>> metrics(Caller caller, @PathVariable String id) {
    return metrics.read(caller, id).map(Envelope::of);
  }
}

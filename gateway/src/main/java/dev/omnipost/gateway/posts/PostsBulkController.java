package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Validating a post without storing it, and creating many at once. All three go through {@link
 * PostCreator}, so they check, count and announce posts exactly as {@code POST /v1/posts} does.
 */
@RestController
class PostsBulkController {

  private final PostCreator creator;
  private final PostBatches batches;
  private final PostImports imports;

  PostsBulkController(PostCreator creator, PostBatches batches, PostImports imports) {
    this.creator = creator;
    this.batches = batches;
    this.imports = imports;
  }

  /** Same body and scopes as creating the post; stores nothing. */
  @PostMapping("/v1/posts/validate")
  @RequiresScope(Scopes.POSTS_WRITE)
  Mono<Envelope<ValidationView>> validate(Caller caller, @RequestBody CreatePostRequest request) {
    return creator.validate(caller, request).map(ValidationView::of).map(Envelope::of);
  }

  /** Up to 100 posts, each created or refused on its own; answers 200 with one result each. */
  @PostMapping("/v1/posts/batch")
  @RequiresScope(Scopes.POSTS_WRITE)
  Mono<Envelope<BatchView>> batch(Caller caller, @RequestBody BatchRequest request) {
    return Mono.defer(() -> batches.create(caller, request)).map(Envelope::of);
  }

  /**
   * A CSV file of up to 1,000 posts, imported all or nothing: 201 with every row's post, 200 for a
   * {@code dry_run}, 422 {@code import.invalid_rows} (nothing stored) when any row is invalid.
   */
  @PostMapping(path = "/v1/posts/import", consumes = "text/csv")
  @RequiresScope(Scopes.POSTS_WRITE)
  Mono<ResponseEntity<Envelope<PostImports.ImportView>>> importCsv(
      Caller caller,
      @RequestBody(required = false) byte[] file,
      @RequestParam(name = "dry_run", required = false) Boolean dryRun) {
    boolean dry = Boolean.TRUE.equals(dryRun);
    return imports
        .importFile(caller, file, dry)
        .map(
            view ->
                ResponseEntity.status(dry ? HttpStatus.OK : HttpStatus.CREATED)
                    .body(Envelope.of(view)));
  }
}

package dev.omnipost.gateway.quotas;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The caller's own workspace: its plan, limits and usage. Any valid key of the workspace may read
 * them ({@link Scopes#ANY_KEY}): a tool that is refused with 402 must be able to see why, whatever
 * scopes it was given, and the figures reveal nothing about other tenants.
 */
@RestController
class WorkspaceController {

  private final WorkspaceReport report;

  WorkspaceController(WorkspaceReport report) {
    this.report = report;
  }

  @GetMapping("/v1/workspace")
  @RequiresScope(Scopes.ANY_KEY)
  Mono<Envelope<WorkspaceView>> workspace(Caller caller) {
    return report
        .workspace(caller.workspaceId())
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("workspace", caller.workspaceId())))
        .map(Envelope::of);
  }

  @GetMapping("/v1/usage")
  @RequiresScope(Scopes.ANY_KEY)
  Mono<Envelope<Map<String, QuotaUsageView>>> usage(Caller caller) {
    return report
        .usage(caller.workspaceId())
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("workspace", caller.workspaceId())))
        .map(Envelope::of);
  }
}

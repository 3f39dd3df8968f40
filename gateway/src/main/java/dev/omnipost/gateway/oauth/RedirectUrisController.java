package dev.omnipost.gateway.oauth;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The workspace's allow-list of connect redirect URIs. */
@RestController
class RedirectUrisController {

  private final RedirectUris uris;

  RedirectUrisController(RedirectUris uris) {
    this.uris = uris;
  }

  @GetMapping("/v1/oauth/redirect-uris")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Map<String, List<RedirectUris.RedirectUri>>> list(Caller caller) {
    return uris.list(caller.workspaceId()).collectList().map(list -> Map.of("data", list));
  }

  @PostMapping("/v1/oauth/redirect-uris")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<RedirectUris.RedirectUri>> add(
      Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonNode uri = body == null ? null : body.get("uri");
    if (uri != null && !uri.isString()) {
      throw ApiException.invalid(
          "request.invalid_field", "uri must be a string", Map.of("field", "uri"));
    }
    return uris.add(caller.workspaceId(), uri == null ? null : uri.asString()).map(Envelope::of);
  }

  @DeleteMapping("/v1/oauth/redirect-uris/{id}")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> remove(Caller caller, @PathVariable String id) {
    return uris.remove(caller.workspaceId(), id)
        .flatMap(
            removed ->
                removed
                    ? Mono.<Void>empty()
                    : Mono.error(ApiException.notFound("redirect_uri", id)));
  }
}

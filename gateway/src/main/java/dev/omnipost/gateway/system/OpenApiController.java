package dev.omnipost.gateway.system;

import dev.omnipost.gateway.web.PublicRoute;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the OpenAPI 3.1 document; a test keeps it in step with the routes and their scopes. */
@RestController
class OpenApiController {

  private final OpenApiDocument document;

  OpenApiController(OpenApiDocument document) {
    this.document = document;
  }

  @GetMapping("/v1/openapi.json")
  @PublicRoute("the API contract is public, like any published API reference")
  ResponseEntity<byte[]> openApi() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document.bytes());
  }
}

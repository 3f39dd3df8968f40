package dev.omnipost.gateway.system;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the hand-written OpenAPI 3.1 document; a test keeps it in step with the routes. */
@RestController
class OpenApiController {

  private final Resource document = new ClassPathResource("openapi.json");

  @GetMapping("/v1/openapi.json")
  ResponseEntity<Resource> openApi() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
  }
}

package dev.omnipost.sandbox.linkedin;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for LinkedIn: which organizations a member administers (and so may post as), and
 * comments from other members.
 */
@RestController
class LinkedInControlController {

  private final LinkedInStore store;

  LinkedInControlController(LinkedInStore store) {
    this.store = store;
  }

  @PostMapping("/_sandbox/linkedin/organizations")
  ResponseEntity<Map<String, Object>> grant(@RequestBody Administrator request) {
    if (request.accountId() == null || request.organizationId() == null) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "account_id and organization_id are required"));
    }
    store.grantOrganization(request.accountId(), request.organizationId());
    return ResponseEntity.ok(
        Map.of(
            "account_id",
            request.accountId(),
            "organization",
            "urn:li:organization:" + request.organizationId()));
  }

  @PostMapping("/_sandbox/linkedin/comments")
  ResponseEntity<Map<String, Object>> addComment(@RequestBody NewComment request) {
    if (request.text() == null || request.text().isBlank() || request.postUrn() == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "post_urn and text are required"));
    }
    String name =
        request.actorName() == null || request.actorName().isBlank()
            ? "Someone"
            : request.actorName();
    return store
        .addComment(request.postUrn(), name, request.text())
        .map(
            c ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", c.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no post " + request.postUrn())));
  }

  record Administrator(String accountId, String organizationId) {}

  record NewComment(String postUrn, String actorName, String text) {}
}

package dev.omnipost.sandbox.linkedin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for LinkedIn: which organizations a member administers (and so may post as), comments
 * from other members ({@code POST /_sandbox/linkedin/comments}, on a post or, with {@code
 * parent_comment}, under a comment), and {@code GET /_sandbox/linkedin/comments?post_urn=}: every
 * comment on the post with its reactions.
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
        .addComment(request.postUrn(), request.parentComment(), name, request.text())
        .map(
            c ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", c.id(), "urn", c.urn())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        Map.of(
                            "error",
                            "no post "
                                + request.postUrn()
                                + (request.parentComment() == null
                                    ? ""
                                    : " with comment " + request.parentComment()))));
  }

  /**
   * Every comment on the post, replies included, oldest first: {@code {id, urn, parent_comment,
   * actor, actor_name, text, reactions: {actor: type}}}.
   */
  @GetMapping("/_sandbox/linkedin/comments")
  ResponseEntity<Object> comments(@RequestParam("post_urn") String postUrn) {
    if (store.post(postUrn).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no post " + postUrn));
    }
    List<Map<String, Object>> comments = new ArrayList<>();
    for (LinkedInStore.Comment c : store.allComments(postUrn)) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", c.id());
      json.put("urn", c.urn());
      json.put("parent_comment", c.parentUrn());
      json.put("actor", c.actorUrn());
      json.put("actor_name", c.actorName());
      json.put("text", c.text());
      json.put("reactions", store.reactions(c.urn()));
      comments.add(json);
    }
    return ResponseEntity.ok(comments);
  }

  record Administrator(String accountId, String organizationId) {}

  record NewComment(String postUrn, String parentComment, String actorName, String text) {}
}

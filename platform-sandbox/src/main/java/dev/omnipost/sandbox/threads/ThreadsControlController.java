package dev.omnipost.sandbox.threads;

import dev.omnipost.sandbox.control.SandboxAccounts;
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
 * Control API for Threads: replies and mentions come from other users, so tests add them here, and
 * read back what the account did to a thread's replies.
 */
@RestController
class ThreadsControlController {

  private final ThreadsStore store;
  private final SandboxAccounts accounts;

  ThreadsControlController(ThreadsStore store, SandboxAccounts accounts) {
    this.store = store;
    this.accounts = accounts;
  }

  /** {@code {media_id, username?, text}}: a reply to the thread (or reply) {@code media_id}. */
  @PostMapping("/_sandbox/threads/replies")
  ResponseEntity<Map<String, Object>> addReply(@RequestBody NewReply request) {
    if (request.mediaId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "media_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return store
        .addReply(request.mediaId(), username, request.text())
        .map(
            r ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("id", r.id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no thread " + request.mediaId())));
  }

  /**
   * Every reply under the thread {@code media_id}, at any depth, oldest first, as its owner sees
   * them, for tests to check what the inbox's actions did: {@code [{id, replied_to, root_post,
   * username, by_owner, text, hidden, timestamp}]} ({@code by_owner}: the thread's owner wrote it).
   */
  @GetMapping("/_sandbox/threads/replies")
  ResponseEntity<?> replies(@RequestParam("media_id") String mediaId) {
    var root = store.find(mediaId).filter(m -> m.replyTo() == null);
    if (root.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no thread " + mediaId));
    }
    String owner = root.get().account().accountId();
    List<Map<String, Object>> views = new ArrayList<>();
    for (ThreadsStore.Media reply : store.conversation(mediaId)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", reply.id());
      view.put("replied_to", reply.replyTo());
      view.put("root_post", mediaId);
      view.put("username", reply.account().username());
      view.put("by_owner", reply.account().accountId().equals(owner));
      view.put("text", reply.text());
      view.put("hidden", store.hidden(reply));
      view.put("timestamp", ThreadsController.TIME.format(reply.timestamp()));
      views.add(view);
    }
    return ResponseEntity.ok(views);
  }

  /** {@code {user_id, username?, text}}: someone mentions the registered Threads user. */
  @PostMapping("/_sandbox/threads/mentions")
  ResponseEntity<Map<String, Object>> addMention(@RequestBody NewMention request) {
    if (request.userId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "user_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    return accounts
        .find(ThreadsStore.PLATFORM, request.userId())
        .map(
            account ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(
                        Map.<String, Object>of(
                            "id", store.addMention(account, username, request.text()).id())))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no Threads user " + request.userId())));
  }

  record NewReply(String mediaId, String username, String text) {}

  record NewMention(String userId, String username, String text) {}
}

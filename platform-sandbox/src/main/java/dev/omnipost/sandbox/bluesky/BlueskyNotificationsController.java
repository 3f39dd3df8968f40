package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code app.bsky.notification.listNotifications}: what happened to the session's account, newest
 * first ({@code reply}, {@code mention}, {@code quote}, {@code like}), {@code limit} 1-100 (50),
 * {@code reasons} to filter, and an opaque {@code cursor} that pages to older ones.
 */
@RestController
class BlueskyNotificationsController {

  private final BlueskyStore store;

  BlueskyNotificationsController(BlueskyStore store) {
    this.store = store;
  }

  @GetMapping("/bluesky/xrpc/app.bsky.notification.listNotifications")
  Map<String, Object> listNotifications(
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) List<String> reasons,
      ServerWebExchange exchange) {
    if (limit < 1 || limit > 100) {
      throw BlueskyErrors.invalidRequest("limit must be between 1 and 100");
    }
    SandboxAccount account = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    List<Map<String, Object>> page = new ArrayList<>();
    boolean past = cursor == null || cursor.isBlank();
    String last = null;
    boolean more = false;
    for (BlueskyStore.Notification n : store.notifications(account.accountId())) {
      String position = n.indexedAt().toString() + "|" + n.uri();
      if (!past) {
        past = position.equals(cursor);
        continue;
      }
      if (reasons != null && !reasons.isEmpty() && !reasons.contains(n.reason())) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(view(n));
      last = position;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("notifications", page);
    if (more) {
      answer.put("cursor", last);
    }
    return answer;
  }

  @ExceptionHandler(BlueskyErrors.class)
  ResponseEntity<String> error(BlueskyErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static Map<String, Object> view(BlueskyStore.Notification n) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("uri", n.uri());
    view.put("cid", n.cid());
    view.put(
        "author",
        Map.of(
            "did", n.author().accountId(),
            "handle", n.author().username(),
            "displayName", n.author().username()));
    view.put("reason", n.reason());
    if (n.reasonSubject() != null) {
      view.put("reasonSubject", n.reasonSubject());
    }
    view.put("record", n.record());
    view.put("isRead", false);
    view.put("indexedAt", n.indexedAt().toString());
    view.put("labels", List.of());
    return view;
  }
}

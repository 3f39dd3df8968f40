package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
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
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /api/v1/notifications} (mentions only: {@code types[]=mention}, {@code since_id},
 * {@code limit} ≤ 40) and its control call {@code POST /_sandbox/mastodon/mentions}.
 */
@RestController
class MastodonNotificationsController {

  private final MastodonMentions mentions;

  MastodonNotificationsController(MastodonMentions mentions) {
    this.mentions = mentions;
  }

  @GetMapping("/mastodon/api/v1/notifications")
  List<Map<String, Object>> notifications(
      @RequestParam(name = "since_id", required = false) String sinceId,
      @RequestParam(defaultValue = "15") int limit,
      ServerWebExchange exchange) {
    SandboxAccount account = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    String origin = SandboxResponses.origin(exchange);
    return mentions.since(account.accountId(), sinceId, Math.max(1, Math.min(limit, 40))).stream()
        .map(m -> notification(m, origin))
        .toList();
  }

  /** Someone else's status mentions the account: {@code {account_id, username, text}}. */
  @PostMapping("/_sandbox/mastodon/mentions")
  ResponseEntity<Map<String, Object>> add(@RequestBody NewMention request) {
    if (request.accountId() == null || request.text() == null || request.text().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "account_id and text are required"));
    }
    String username =
        request.username() == null || request.username().isBlank() ? "someone" : request.username();
    MastodonMentions.Mention mention = mentions.add(request.accountId(), username, request.text());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("id", mention.id(), "status_id", mention.statusId()));
  }

  private static Map<String, Object> notification(MastodonMentions.Mention m, String origin) {
    String acct = m.fromUsername() + "@remote.example";
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("id", m.fromAccountId());
    from.put("username", m.fromUsername());
    from.put("acct", acct);
    from.put("display_name", m.fromUsername());
    from.put("url", "https://remote.example/@" + m.fromUsername());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("id", m.statusId());
    status.put("created_at", MastodonRateLimiter.RESET_FORMAT.format(m.createdAt()));
    status.put("visibility", "public");
    status.put("url", "https://remote.example/@" + m.fromUsername() + "/" + m.statusId());
    status.put("content", "<p>" + HtmlUtils.htmlEscape(m.text()) + "</p>");
    status.put("account", from);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", m.id());
    json.put("type", "mention");
    json.put("created_at", MastodonRateLimiter.RESET_FORMAT.format(m.createdAt()));
    json.put("account", from);
    json.put("status", status);
    return json;
  }

  record NewMention(String accountId, String username, String text) {}
}

package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MetaConversationViews;
import dev.omnipost.sandbox.meta.MetaConversations;
import dev.omnipost.sandbox.meta.MetaError;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Instagram Direct's threads: {@code GET /{ig-user-id}/conversations?platform=instagram}. Answers
 * go through {@code POST /{ig-user-id}/messages} with {@code recipient.id} ({@link
 * GraphController}, which also takes private replies), within 24 hours of the person's last
 * message.
 */
@RestController
@RequestMapping("/instagram/{version:v\\d+\\.\\d+}")
class InstagramMessagingController {

  private final MetaConversations conversations;

  InstagramMessagingController(MetaConversations conversations) {
    this.conversations = conversations;
  }

  @GetMapping("/{userId}/conversations")
  Map<String, Object> conversations(
      @PathVariable String userId,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    SandboxAccount account = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    if (!account.accountId().equals(userId) && !userId.equals("me")) {
      throw MetaError.noSuchObject(userId, "get");
    }
    return MetaConversationViews.page(conversations, account, "instagram", limit);
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }
}

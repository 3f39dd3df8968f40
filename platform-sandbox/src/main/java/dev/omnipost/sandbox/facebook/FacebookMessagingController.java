package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.meta.MetaConversationViews;
import dev.omnipost.sandbox.meta.MetaConversations;
import dev.omnipost.sandbox.meta.MetaError;
import dev.omnipost.sandbox.meta.MetaParams;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messenger for Pages: {@code GET /{page-id}/conversations?platform=messenger} and the Send API
 * {@code POST /{page-id}/messages} (JSON, or a form with JSON-valued {@code recipient} and {@code
 * message}), within 24 hours of the person's last message; with {@code recipient.comment_id}, a
 * private reply to a comment on the Page's post.
 */
@RestController
@RequestMapping("/facebook/{version:v\\d+\\.\\d+}")
class FacebookMessagingController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MetaConversations conversations;
  private final FacebookStore store;

  FacebookMessagingController(MetaConversations conversations, FacebookStore store) {
    this.conversations = conversations;
    this.store = store;
  }

  @GetMapping("/{pageId}/conversations")
  Map<String, Object> conversations(
      @PathVariable String pageId,
      @RequestParam(defaultValue = "25") int limit,
      ServerWebExchange exchange) {
    return MetaConversationViews.page(
        conversations, page(exchange, pageId, "get"), "facebook", limit);
  }

  @PostMapping("/{pageId}/messages")
  Mono<Map<String, Object>> send(@PathVariable String pageId, ServerWebExchange exchange) {
    SandboxAccount page = page(exchange, pageId, "post");
    return MetaParams.read(exchange)
        .map(
            params -> {
              JsonNode message = json(params.get("message"));
              String commentId = json(params.get("recipient")).path("comment_id").asString(null);
              if (commentId != null) {
                return privateReply(page, commentId, message.path("text").asString(null));
              }
              return MetaConversationViews.send(
                  conversations,
                  "facebook",
                  page,
                  json(params.get("recipient")).path("id").asString(null),
                  message.path("text").asString(null),
                  message.path("attachment").path("payload").path("url").asString(null));
            });
  }

  /**
   * A private reply ({@code recipient.comment_id}): one message to the comment's author, within 7
   * days of the comment → {@code {"recipient_id", "message_id"}}.
   */
  private Map<String, Object> privateReply(SandboxAccount page, String commentId, String text) {
    FacebookStore.Comment comment =
        store
            .pageComment(page.accountId(), commentId)
            .orElseThrow(() -> MetaError.noSuchObject(commentId, "post"));
    FacebookStore.PrivateReply reply = store.privateReply(comment, text);
    return Map.of("recipient_id", reply.recipientId(), "message_id", reply.messageId());
  }

  @ExceptionHandler(MetaError.class)
  ResponseEntity<String> error(MetaError error) {
    return ResponseEntity.status(error.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static JsonNode json(String value) {
    try {
      return value == null ? JSON.createObjectNode() : JSON.readTree(value);
    } catch (RuntimeException notJson) {
      return JSON.createObjectNode();
    }
  }

  private static SandboxAccount page(ServerWebExchange exchange, String pageId, String verb) {
    SandboxAccount page = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    if (!page.accountId().equals(pageId) && !pageId.equals("me")) {
      throw MetaError.noSuchObject(pageId, verb);
    }
    return page;
  }
}

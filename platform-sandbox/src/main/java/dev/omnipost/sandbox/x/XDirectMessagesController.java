package dev.omnipost.sandbox.x;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;

/**
 * X API v2 direct messages: {@code GET /2/dm_events} (the user's events, newest first; {@code
 * dm_event.fields}, {@code expansions=sender_id} with {@code user.fields}, {@code max_results}
 * 1-100, {@code pagination_token} from {@code meta.next_token}) and {@code POST
 * /2/dm_conversations/with/{participant_id}/messages} {@code {"text",
 * "attachments":[{"media_id"}]}} → 201 {@code {"data":{"dm_conversation_id","dm_event_id"}}}.
 */
@RestController
@RequestMapping("/x/2")
class XDirectMessagesController {

  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "id",
          "text",
          "event_type",
          "created_at",
          "dm_conversation_id",
          "sender_id",
          "participant_ids",
          "referenced_tweets",
          "attachments");

  private final XDirectMessages messages;

  XDirectMessagesController(XDirectMessages messages) {
    this.messages = messages;
  }

  @GetMapping("/dm_events")
  Map<String, Object> events(
      @RequestParam(name = "max_results", defaultValue = "100") int maxResults,
      @RequestParam(name = "pagination_token", required = false) String paginationToken,
      @RequestParam(name = "event_types", required = false) String eventTypes,
      @RequestParam(name = "dm_event.fields", required = false) String fields,
      @RequestParam(required = false) String expansions,
      @RequestParam(name = "user.fields", required = false) String userFields,
      ServerWebExchange exchange) {
    if (maxResults < 1 || maxResults > 100) {
      throw XProblems.invalidRequest(
          "max_results",
          "The `max_results` query parameter value [" + maxResults + "] is not between 1 and 100");
    }
    Set<String> wanted = split(fields);
    for (String field : wanted) {
      if (!EVENT_FIELDS.contains(field)) {
        throw XProblems.invalidRequest(
            "dm_event.fields",
            "The `dm_event.fields` query parameter value ["
                + field
                + "] is not one of "
                + EVENT_FIELDS.stream().sorted().toList());
      }
    }
    Set<String> types = split(eventTypes);
    SandboxAccount account = account(exchange);
    String before = paginationToken == null ? null : decodeToken(paginationToken);
    // every event the sandbox has is a MessageCreate
    List<XDirectMessages.DmEvent> page =
        types.isEmpty() || types.contains("MessageCreate")
            ? messages.events(account.accountId(), before, maxResults)
            : List.of();
    Map<String, Object> answer = new LinkedHashMap<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("result_count", page.size());
    if (!page.isEmpty()) {
      answer.put("data", page.stream().map(e -> render(e, wanted)).toList());
      if (split(expansions).contains("sender_id")) {
        answer.put("includes", Map.of("users", senders(page, account, split(userFields))));
      }
      String oldest = page.get(page.size() - 1).id();
      if (page.size() == maxResults && messages.hasOlder(account.accountId(), oldest)) {
        meta.put("next_token", encodeToken(oldest));
      }
      if (paginationToken != null) {
        meta.put("previous_token", encodeToken(page.get(0).id()));
      }
    }
    answer.put("meta", meta);
    return answer;
  }

  @PostMapping(
      path = "/dm_conversations/with/{participantId}/messages",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> send(
      @PathVariable String participantId, @RequestBody JsonNode body, ServerWebExchange exchange) {
    List<String> mediaIds = new ArrayList<>();
    body.path("attachments").forEach(a -> mediaIds.add(a.path("media_id").asString("")));
    XDirectMessages.DmEvent event =
        messages.send(
            account(exchange),
            participantId,
            body.path("text").isString() ? body.path("text").asString() : null,
            mediaIds);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("dm_conversation_id", event.conversationId());
    data.put("dm_event_id", event.id());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("data", data));
  }

  @ExceptionHandler(XProblems.class)
  ResponseEntity<String> problem(XProblems problem) {
    return ResponseEntity.status(problem.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(problem.body());
  }

  /** {@code id}, {@code event_type} and {@code text} always, as X's defaults; the rest on ask. */
  private Map<String, Object> render(XDirectMessages.DmEvent event, Set<String> wanted) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", event.id());
    json.put("event_type", "MessageCreate");
    json.put("text", event.text());
    if (wanted.contains("created_at")) {
      json.put(
          "created_at",
          event.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    }
    if (wanted.contains("sender_id")) {
      json.put("sender_id", event.senderId());
    }
    if (wanted.contains("dm_conversation_id")) {
      json.put("dm_conversation_id", event.conversationId());
    }
    if (wanted.contains("attachments") && !event.mediaIds().isEmpty()) {
      json.put(
          "attachments",
          Map.of("media_keys", event.mediaIds().stream().map(messages::mediaKey).toList()));
    }
    return json;
  }

  private List<Map<String, Object>> senders(
      List<XDirectMessages.DmEvent> page, SandboxAccount account, Set<String> userFields) {
    Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    for (XDirectMessages.DmEvent event : page) {
      users.computeIfAbsent(
          event.senderId(),
          id -> {
            String username;
            String name;
            if (id.equals(account.accountId())) {
              username = account.username();
              name = account.username();
            } else {
              XDirectMessages.Person person = messages.person(id).orElse(null);
              username = person == null ? id : person.username();
              name = person == null || person.name() == null ? username : person.name();
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", id);
            user.put("name", name);
            user.put("username", username);
            return user;
          });
    }
    return List.copyOf(users.values());
  }

  private static String encodeToken(String eventId) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("before:" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      String decoded =
          new String(
              java.util.Base64.getUrlDecoder().decode(token),
              java.nio.charset.StandardCharsets.UTF_8);
      if (decoded.startsWith("before:")) {
        return decoded.substring("before:".length());
      }
    } catch (IllegalArgumentException notOurs) {
      // answered below
    }
    throw XProblems.invalidRequest(
        "pagination_token", "The `pagination_token` query parameter value is invalid.");
  }

  private static Set<String> split(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }
}

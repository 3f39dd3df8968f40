package dev.omnipost.sandbox.meta;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads as Meta's Conversations API shows them: {@code {id, updated_time, participants: {data},
 * messages: {data: [{id, created_time, from, to: {data}, message}]}}}, messages newest first.
 * Messenger names people ({@code name}); Instagram by {@code username}.
 */
public final class MetaConversationViews {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

  private MetaConversationViews() {}

  /** {@code GET /{id}/conversations}: the account's threads, most recently updated first. */
  public static Map<String, Object> page(
      MetaConversations conversations, SandboxAccount account, String platform, int limit) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (MetaConversations.Thread thread :
        conversations.threads(platform, account.accountId(), Math.max(1, Math.min(limit, 100)))) {
      data.add(thread(thread, account, platform.equals("instagram"), limit));
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("data", data);
    page.put("paging", Map.of("cursors", Map.of("before", "", "after", "")));
    return page;
  }

  static Map<String, Object> thread(
      MetaConversations.Thread thread, SandboxAccount account, boolean byUsername, int limit) {
    Map<String, Object> self = person(account.accountId(), account.username(), byUsername);
    Map<String, Object> other =
        person(
            thread.person().id(),
            byUsername ? thread.person().username() : thread.person().name(),
            byUsername);
    List<Map<String, Object>> messages = new ArrayList<>();
    List<MetaConversations.Message> all = thread.messages();
    for (int i = all.size() - 1; i >= 0 && messages.size() < limit; i--) {
      MetaConversations.Message m = all.get(i);
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("id", m.id());
      message.put("created_time", TIME.format(m.createdAt()));
      message.put("from", m.fromAccount() ? self : other);
      message.put("to", Map.of("data", List.of(m.fromAccount() ? other : self)));
      message.put("message", m.text() == null ? "" : m.text());
      messages.add(message);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", thread.id());
    view.put("updated_time", TIME.format(thread.updatedAt()));
    view.put("participants", Map.of("data", List.of(other, self)));
    view.put("messages", Map.of("data", messages));
    return view;
  }

  private static Map<String, Object> person(String id, String label, boolean byUsername) {
    Map<String, Object> person = new LinkedHashMap<>();
    person.put("id", id);
    person.put(byUsername ? "username" : "name", label == null ? "" : label);
    return person;
  }

  /**
   * Answers a Send API call ({@code recipient}, {@code message} as JSON text) or throws Meta's
   * error: {@code {"recipient_id", "message_id"}}.
   */
  public static Map<String, Object> send(
      MetaConversations conversations,
      String platform,
      SandboxAccount account,
      String recipientId,
      String text,
      String attachmentUrl) {
    if (recipientId == null || recipientId.isBlank()) {
      throw MetaError.invalidParameter("(#100) param recipient must be non-empty.");
    }
    if ((text == null || text.isBlank()) && attachmentUrl == null) {
      throw MetaError.invalidParameter(
          "(#100) Message cannot be empty, must provide valid attachment or text");
    }
    MetaConversations.Sent sent =
        conversations.send(platform, account.accountId(), recipientId, text, attachmentUrl);
    return switch (sent.outcome()) {
      case SENT -> Map.of("recipient_id", recipientId, "message_id", sent.message().id());
      case NO_THREAD ->
          throw new MetaError(
              400, "(#100) No matching user found", "OAuthException", 100, 2018001, null, false);
      case WINDOW_CLOSED -> throw MetaConversations.windowClosed();
    };
  }
}

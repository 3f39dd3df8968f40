package dev.omnipost.gateway.events;

import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Scopes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which scope a key needs to read an event in {@code GET /v1/events}, by the event type's family
 * (the part before the first dot): an event tells as much as the resource it is about (a {@code
 * comment.received} carries the comment's text), so it needs the scope that reads that resource.
 * {@code usage.*} is about the workspace's plan and open to every key. A family missing from the
 * table is shown to no key, so a new kind of event stays hidden until it is classified here (a test
 * checks that every catalogue type is).
 */
final class EventReadScopes {

  /** Family to the scope that reads it; null means any key. */
  static final Map<String, String> BY_FAMILY = new LinkedHashMap<>();

  static {
    BY_FAMILY.put("post", Scopes.POSTS_READ);
    BY_FAMILY.put("account", Scopes.ACCOUNTS_READ);
    BY_FAMILY.put("comment", Scopes.INBOX_READ);
    BY_FAMILY.put("message", Scopes.INBOX_READ);
    BY_FAMILY.put("review", Scopes.INBOX_READ);
    BY_FAMILY.put("mention", Scopes.INBOX_READ);
    BY_FAMILY.put("inbox", Scopes.INBOX_READ);
    BY_FAMILY.put("ai", Scopes.AI_GENERATE);
    BY_FAMILY.put("webhook", Scopes.WEBHOOKS_MANAGE);
    BY_FAMILY.put("media", Scopes.MEDIA_WRITE);
    BY_FAMILY.put("export", Scopes.ANALYTICS_READ);
    BY_FAMILY.put("usage", null);
  }

  private EventReadScopes() {}

  static String family(String type) {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  static boolean isClassified(String type) {
    return BY_FAMILY.containsKey(family(type));
  }

  /** The families whose events {@code caller}'s scopes may read. */
  static List<String> readableFamilies(Caller caller) {
    return BY_FAMILY.entrySet().stream()
        .filter(e -> e.getValue() == null || caller.hasScope(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }
}

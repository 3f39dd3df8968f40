package dev.omnipost.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every webhook event type of the API contract with what it means. Subscriptions are validated
 * against it and {@code GET /v1/webhooks/events} lists it.
 */
public final class EventCatalogue {

  private static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("post.created", "A post was accepted.");
    TYPES.put("post.scheduled", "A post was accepted for a later time.");
    TYPES.put("post.published", "Every target of a post was published.");
    TYPES.put("post.partially_published", "Some targets of a post were published, some failed.");
    TYPES.put("post.failed", "No target of a post was published.");
    TYPES.put("post.canceled", "A draft or scheduled post was canceled.");
    TYPES.put("post.unpublished", "A post was deleted from its platforms.");
    TYPES.put("post.target.published", "One account's copy of a post is live.");
    TYPES.put("post.target.failed", "One account's copy of a post failed.");
    TYPES.put("post.target.unconfirmed", "It is unknown whether one account's copy was posted.");
    TYPES.put("account.connected", "A social account was connected.");
    TYPES.put("account.disconnected", "A social account was disconnected.");
    TYPES.put("account.needs_reconnect", "A social account's token expired or was revoked.");
    TYPES.put("account.token_expiring", "A social account's token expires soon.");
    TYPES.put("comment.received", "A new comment arrived in the inbox.");
    TYPES.put("message.received", "A new direct message arrived in the inbox.");
    TYPES.put("review.received", "A new review arrived in the inbox.");
    TYPES.put("mention.received", "A new mention arrived in the inbox.");
    TYPES.put("inbox.action.completed", "An inbox action (reply, hide, ...) completed.");
    TYPES.put("inbox.action.failed", "An inbox action failed.");
    TYPES.put("ai.generation.completed", "An AI generation finished.");
    TYPES.put("ai.generation.failed", "An AI generation failed; its credits were refunded.");
    TYPES.put("media.ready", "An uploaded media file is ready to use.");
    TYPES.put("export.completed", "An export (posts, analytics or inbox) is ready to download.");
    TYPES.put("export.failed", "An export could not be written.");
    TYPES.put("usage.limit_reached", "The workspace reached a plan limit.");
    TYPES.put("webhook.endpoint.disabled", "A webhook endpoint was disabled.");
    TYPES.put("webhook.test", "A test event sent on request.");
  }

  private EventCatalogue() {}

  /** Event type to description, in catalogue order. */
  public static Map<String, String> types() {
    return java.util.Collections.unmodifiableMap(TYPES);
  }

  public static boolean contains(String type) {
    return TYPES.containsKey(type);
  }
}

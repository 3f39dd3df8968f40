package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.JsonNode;

/**
 * Lexicon checks of the records besides posts the simulated PDS stores: {@code app.bsky.feed.like}
 * ({@code subject} a strong ref, {@code createdAt}) and {@code app.bsky.feed.threadgate} ({@code
 * post} the account's own post under the same rkey, {@code hiddenReplies} at most 300 at:// uris),
 * and a post's {@code reply} (both strong refs).
 */
final class BlueskyRecords {

  private static final int MAX_HIDDEN_REPLIES = 300;

  private BlueskyRecords() {}

  static void validate(
      BlueskyStore store, SandboxAccount account, String collection, String rkey, JsonNode record) {
    if (BlueskyStore.LIKE.equals(collection)) {
      String prefix = "Invalid app.bsky.feed.like record: ";
      type(record, collection, prefix);
      createdAt(record, prefix);
      strongRef(record.path("subject"), prefix + "Record/subject");
      return;
    }
    if (BlueskyStore.THREADGATE.equals(collection)) {
      String prefix = "Invalid app.bsky.feed.threadgate record: ";
      type(record, collection, prefix);
      createdAt(record, prefix);
      String post = record.path("post").asString("");
      if (!post.equals(BlueskyStore.uri(account.accountId(), rkey == null ? "" : rkey))) {
        throw BlueskyErrors.invalidRequest(
            prefix
                + "Record/post must be the root post in the same repo under the same rkey ("
                + post
                + ")");
      }
      if (store.post(post).isEmpty()) {
        throw BlueskyErrors.invalidRequest(prefix + "Record/post not found: " + post);
      }
      JsonNode hidden = record.path("hiddenReplies");
      if (!hidden.isMissingNode() && !hidden.isArray()) {
        throw BlueskyErrors.invalidRequest(prefix + "Record/hiddenReplies must be an array");
      }
      if (hidden.size() > MAX_HIDDEN_REPLIES) {
        throw BlueskyErrors.invalidRequest(
            prefix + "Record/hiddenReplies must not have more than 300 elements");
      }
      for (JsonNode uri : hidden) {
        if (!uri.isString() || !uri.asString().startsWith("at://")) {
          throw BlueskyErrors.invalidRequest(
              prefix + "Record/hiddenReplies must be at-uris: " + uri);
        }
      }
      return;
    }
    throw BlueskyErrors.invalidRequest(
        "The sandbox stores "
            + BlueskyStore.POST
            + ", "
            + BlueskyStore.LIKE
            + " and "
            + BlueskyStore.THREADGATE
            + " records, not "
            + collection);
  }

  /** A post's {@code reply}, when it has one: {@code root} and {@code parent} strong refs. */
  static void validateReply(JsonNode post) {
    JsonNode reply = post.path("reply");
    if (reply.isMissingNode()) {
      return;
    }
    String prefix = "Invalid app.bsky.feed.post record: ";
    strongRef(reply.path("root"), prefix + "Record/reply/root");
    strongRef(reply.path("parent"), prefix + "Record/reply/parent");
  }

  private static void type(JsonNode record, String collection, String prefix) {
    if (!collection.equals(record.path("$type").asString(null))) {
      throw BlueskyErrors.invalidRequest(prefix + "Record/$type must be " + collection);
    }
  }

  private static void createdAt(JsonNode record, String prefix) {
    try {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(record.path("createdAt").asString(""));
    } catch (RuntimeException e) {
      throw BlueskyErrors.invalidRequest(
          prefix + "Record/createdAt must be an valid atproto datetime");
    }
  }

  private static void strongRef(JsonNode ref, String where) {
    if (!ref.path("uri").asString("").startsWith("at://") || !ref.path("cid").isString()) {
      throw BlueskyErrors.invalidRequest(where + " must have the properties \"uri\" and \"cid\"");
    }
  }
}

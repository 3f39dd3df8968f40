package dev.omnipost.inbox.actions;

/**
 * A pending action claimed for one attempt, with its comment or conversation and its account (token
 * still encrypted). A comment's fields are null for a conversation's action and the other way
 * round.
 *
 * @param recipientId the conversation's other party, whom a message is sent to
 * @param mediaIds the workspace's media files a message carries, in order (none for others)
 */
record ClaimedAction(
    String id,
    String workspaceId,
    String action,
    String itemId,
    String text,
    String accountId,
    String platform,
    String platformAccountId,
    String handle,
    byte[] accessTokenEncrypted,
    String settingsJson,
    String platformCommentId,
    String platformPostId,
    String postId,
    String recipientId,
    String platformConversationId,
    java.util.List<String> mediaIds) {}

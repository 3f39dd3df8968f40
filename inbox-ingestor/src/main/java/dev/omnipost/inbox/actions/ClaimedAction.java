package dev.omnipost.inbox.actions;

/**
 * A pending action claimed for one attempt, with its comment and its account (token still
 * encrypted).
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
    String postId) {}

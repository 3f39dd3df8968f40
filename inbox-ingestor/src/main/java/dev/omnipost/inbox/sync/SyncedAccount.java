package dev.omnipost.inbox.sync;

/** An account claimed for one sync, as stored (token still encrypted). */
record SyncedAccount(
    String id,
    String workspaceId,
    String platform,
    String platformAccountId,
    String handle,
    byte[] accessTokenEncrypted,
    String settingsJson) {}

package dev.omnipost.inbox.sync;

/** An account claimed for one sync, as stored (token still encrypted), with its kind's cursor. */
record SyncedAccount(
    String id,
    String workspaceId,
    String platform,
    String platformAccountId,
    String handle,
    byte[] accessTokenEncrypted,
    String settingsJson,
    String cursor) {}

package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.MediaAttachment;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to publish one target, loaded in one go: the target's own text and media, the
 * post's options for the platform, and the account (token still encrypted).
 */
record PublishJob(
    String targetId,
    String postId,
    String workspaceId,
    String accountId,
    String platform,
    String text,
    List<MediaAttachment> media,
    Map<String, Object> options,
    String accountStatus,
    String platformAccountId,
    String handle,
    byte[] accessTokenEncrypted,
    Map<String, String> accountSettings) {

  boolean accountConnected() {
    return "connected".equals(accountStatus);
  }
}

package dev.omnipost.events.accounts;

import java.util.List;

/**
 * A social account was disconnected; its scheduled and queued targets failed with {@code
 * account_disconnected}.
 *
 * @param revokedAtPlatform whether the platform confirmed the token's revocation
 */
public record AccountDisconnected(
    String accountId, String platform, boolean revokedAtPlatform, List<String> failedPostIds)
    implements AccountEvent {

  public static final String TYPE = "account.disconnected";

  @Override
  public String type() {
    return TYPE;
  }
}

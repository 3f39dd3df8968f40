package dev.omnipost.events.accounts;

import java.time.Instant;

/** A social account's token expires soon and cannot be refreshed: reconnect before then. */
public record AccountTokenExpiring(String accountId, String platform, Instant expiresAt)
    implements AccountEvent {

  public static final String TYPE = "account.token_expiring";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.events.accounts;

/** The platform rejected the account's token as expired or revoked; the user must reconnect. */
public record AccountNeedsReconnect(String accountId, String platform, String reason)
    implements AccountEvent {

  public static final String TYPE = "account.needs_reconnect";

  @Override
  public String type() {
    return TYPE;
  }
}

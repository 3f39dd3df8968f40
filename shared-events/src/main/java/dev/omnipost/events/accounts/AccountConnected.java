package dev.omnipost.events.accounts;

/** A social account was connected (or reconnected) through the platform's sign-in. */
public record AccountConnected(String accountId, String platform, String handle, String brandId)
    implements AccountEvent {

  public static final String TYPE = "account.connected";

  @Override
  public String type() {
    return TYPE;
  }
}

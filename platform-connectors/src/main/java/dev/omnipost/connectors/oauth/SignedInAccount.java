package dev.omnipost.connectors.oauth;

/**
 * An account a sign-in gives access to, with its own token: the user (most platforms), or one
 * Facebook Page or Instagram business account behind a Facebook login. Never log its tokens.
 */
public record SignedInAccount(
    String platformAccountId, String handle, String name, TokenSet tokens) {

  @Override
  public String toString() {
    return "SignedInAccount[" + platformAccountId + ", " + handle + "]";
  }
}

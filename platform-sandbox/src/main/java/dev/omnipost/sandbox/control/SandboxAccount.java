package dev.omnipost.sandbox.control;

/**
 * An account the sandbox knows, registered through the control API.
 *
 * @param accountId the platform's own account id (Mastodon account id, Instagram user id)
 */
public record SandboxAccount(String platform, String accountId, String username, String accessToken)
    implements java.io.Serializable {

  /** Exchange attribute under which the platform filters leave the authenticated account. */
  public static final String ATTRIBUTE = SandboxAccount.class.getName();
}

package dev.omnipost.egress;

/**
 * A URL or address the guard refuses to fetch from. The message is safe to show the tenant: it
 * names the kind of address ("a private address"), never the address an internal name resolved to.
 */
public class EgressBlockedException extends RuntimeException {

  /** Why the guard refused. */
  public enum Reason {
    /** Not an absolute http or https URL with a host (and no user info). */
    INVALID_URL,
    /** The host name does not resolve. */
    UNRESOLVABLE,
    /** The host is, or resolves to, an address that is not global unicast or allow-listed. */
    ADDRESS_NOT_ALLOWED
  }

  private final Reason reason;

  public EgressBlockedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

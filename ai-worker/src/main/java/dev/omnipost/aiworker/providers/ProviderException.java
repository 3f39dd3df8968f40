package dev.omnipost.aiworker.providers;

/**
 * A provider could not do what was asked. {@code transientFailure} is true for rate limits, server
 * errors and timeouts (the generation is retried through the retry topics) and false when the
 * provider rejected the request or answered something unusable.
 *
 * <p>The exception's message is for the operator's log: it carries the provider's own error text,
 * which can name accounts, keys, internal hosts or other tenants' quotas. What the tenant sees is
 * {@link #code()} and the fixed text {@code GenerationFailure} has for it, never the message.
 */
public class ProviderException extends RuntimeException {

  /** The provider answered something that is not what was asked, twice. */
  public static final String INVALID_OUTPUT = "provider_invalid_output";

  /** The configured provider cannot make this kind of content (images on {@code none}). */
  public static final String UNSUPPORTED_TYPE = "unsupported_type";

  private final boolean transientFailure;
  private final int httpStatus;
  private final String code;

  public ProviderException(
      String message, boolean transientFailure, int httpStatus, Throwable cause) {
    this(null, message, transientFailure, httpStatus, cause);
  }

  private ProviderException(
      String code, String message, boolean transientFailure, int httpStatus, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
    this.httpStatus = httpStatus;
    this.code = code;
  }

  /** A permanent failure with a code of its own. */
  public static ProviderException permanent(String code, String message) {
    return new ProviderException(code, message, false, 0, null);
  }

  public boolean isTransient() {
    return transientFailure;
  }

  /** The provider's HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Stable code for the failure event and the API error. */
  public String code() {
    if (code != null) {
      return code;
    }
    if (httpStatus == 429) {
      return "provider_rate_limited";
    }
    return transientFailure ? "provider_unavailable" : "provider_rejected";
  }
}

package dev.omnipost.aiworker.providers;

/**
 * A provider could not produce text. {@code transientFailure} is true for rate limits, server
 * errors and timeouts (worth a bounded retry) and false when the provider rejected the request.
 */
public class TextGenerationException extends RuntimeException {

  private final boolean transientFailure;
  private final int httpStatus;

  public TextGenerationException(
      String message, boolean transientFailure, int httpStatus, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
    this.httpStatus = httpStatus;
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
    if (httpStatus == 429) {
      return "provider_rate_limited";
    }
    return transientFailure ? "provider_unavailable" : "provider_rejected";
  }
}

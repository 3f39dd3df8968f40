package dev.omnipost.aiworker.providers;

/**
 * A provider could not produce text. {@code transientFailure} is true for rate limits, server
 * errors and timeouts (worth a bounded retry) and false when the provider rejected the request.
 *
 * <p>The exception's message is for the operator's log: it carries the provider's own error text,
 * which can name accounts, keys, internal hosts or other tenants' quotas. What the tenant sees is
 * {@link #code()} and {@link #tenantMessage()}, which never include it.
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

  /** What the tenant is told: fixed text per {@link #code()}, nothing from the provider. */
  public String tenantMessage() {
    return switch (code()) {
      case "provider_rate_limited" ->
          "The AI provider is limiting requests right now; try again in a few minutes.";
      case "provider_unavailable" -> "The AI provider is unavailable right now; try again later.";
      default ->
          "The AI provider declined to generate this content; rephrasing the prompt may help, and"
              + " the operator can see the provider's reason in the ai-worker log.";
    };
  }
}

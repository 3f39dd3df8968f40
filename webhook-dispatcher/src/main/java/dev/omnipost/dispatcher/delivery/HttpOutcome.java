package dev.omnipost.dispatcher.delivery;

import java.time.Duration;
import java.util.Map;

/**
 * What one HTTP attempt came to: a status with the (truncated) response, or an error class ({@code
 * timeout}, {@code connection_failed}, {@code ssrf_blocked}, …) when there was no answer.
 */
record HttpOutcome(
    Integer statusCode,
    Map<String, String> responseHeaders,
    String responseBody,
    Duration retryAfter,
    String errorClass,
    String errorMessage,
    long durationMillis) {

  /** The error class of an attempt the SSRF guard refused. */
  static final String SSRF_BLOCKED = "ssrf_blocked";

  /** The error class of an attempt whose host did not resolve; retried like other I/O errors. */
  static final String DNS_FAILED = "dns_failed";

  boolean succeeded() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  boolean gone() {
    return statusCode != null && statusCode == 410;
  }

  boolean blocked() {
    return SSRF_BLOCKED.equals(errorClass);
  }

  static HttpOutcome failed(String errorClass, String message, long durationMillis) {
    return new HttpOutcome(null, Map.of(), null, null, errorClass, message, durationMillis);
  }
}

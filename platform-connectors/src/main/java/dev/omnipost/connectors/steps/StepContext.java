package dev.omnipost.connectors.steps;

import java.time.Instant;

/**
 * What the worker offers a step while it runs. A connector calls {@link #beforeCreate} right before
 * any call that creates something on the platform and is not idempotent there: the worker stores
 * the marker durably first, so after a crash or a timeout it knows to ask the platform ({@code
 * PlatformConnector#findPublished}) instead of creating again.
 */
public interface StepContext {

  /**
   * Stores the attempt marker {@code what} (e.g. {@code "instagram.publish"}) and returns once it
   * is committed. The marker stays until the step's outcome is stored.
   */
  void beforeCreate(String what);

  /**
   * Reports the platform's own view of the account's rate budget, read from its rate-limit headers,
   * so the worker paces the account's next calls (never causing a 429 itself). Optional.
   */
  default void rateLimit(int remaining, Instant resetsAt) {}

  /** A context for tools and tests that store nothing. */
  static StepContext none() {
    return what -> {};
  }
}

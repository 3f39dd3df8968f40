package dev.omnipost.connectors.steps;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Duration;

/**
 * What one step of a publish flow decided: the target is {@link Done}, must {@link Wait} for the
 * platform (processing), was {@link Rejected}, should be tried again later ({@link RetryLater}), or
 * its account must be reconnected ({@link AuthExpired}). The worker stores the step's state and
 * acts on it; no thread ever sleeps on a {@code Wait}: the target is scheduled again at {@code
 * checkAfter}.
 */
public sealed interface PublishStep
    permits PublishStep.Done,
        PublishStep.Wait,
        PublishStep.Rejected,
        PublishStep.RetryLater,
        PublishStep.AuthExpired {

  /** The post is live on the platform. */
  record Done(String platformPostId, String permalink) implements PublishStep {}

  /**
   * Progress was made (or the platform is still processing): store {@code state}, then run the next
   * step after {@code checkAfter}. {@link Duration#ZERO} means "go on at once", e.g. after an
   * upload that the platform processed immediately.
   */
  record Wait(StepState state, Duration checkAfter) implements PublishStep {

    public static Wait now(StepState state) {
      return new Wait(state, Duration.ZERO);
    }
  }

  /** The platform refused the post (validation, policy): do not retry. */
  record Rejected(String code, String message) implements PublishStep {}

  /**
   * A transient failure (429, 5xx, timeout): store {@code state} and try again, no sooner than
   * {@code retryAfter} when the platform said how long to wait (null when it did not).
   *
   * @param outcomeUnknown no answer arrived (timeout, connection reset), so a create sent by this
   *     step may have happened; the worker keeps its attempt marker and asks the platform before
   *     creating again
   */
  record RetryLater(
      StepState state, Duration retryAfter, String code, String message, boolean outcomeUnknown)
      implements PublishStep {}

  /** The token is expired or revoked; the account needs reconnecting. */
  record AuthExpired(String message) implements PublishStep {}

  /**
   * The step a platform failure thrown by a connector amounts to, {@code state} being the state the
   * step started from. Connectors may simply throw; the worker calls this.
   */
  static PublishStep fromFailure(PlatformException failure, StepState state) {
    if (failure instanceof TransientPlatformException t) {
      return new RetryLater(state, t.retryAfter(), t.code(), t.getMessage(), t.httpStatus() == 0);
    }
    if (failure instanceof AuthExpiredException a) {
      return new AuthExpired(a.getMessage());
    }
    return new Rejected(failure.code(), failure.getMessage());
  }
}

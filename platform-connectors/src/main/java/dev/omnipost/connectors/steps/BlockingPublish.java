package dev.omnipost.connectors.steps;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Duration;

/**
 * Runs a connector's publish steps one after another on the calling thread, sleeping through waits:
 * what tools and connector tests use. Outcomes other than {@code Done} are thrown as the matching
 * {@link dev.omnipost.connectors.PlatformException}.
 */
public final class BlockingPublish {

  private BlockingPublish() {}

  public static PublishedPost run(
      PlatformConnector connector,
      AccountCredentials account,
      PublishRequest request,
      Duration processingTimeout) {
    long deadline = System.nanoTime() + processingTimeout.toNanos();
    StepState state = StepState.empty();
    while (true) {
      PublishStep step = connector.nextPublishStep(account, request, state, StepContext.none());
      if (step instanceof PublishStep.Done done) {
        return new PublishedPost(done.platformPostId(), done.permalink());
      }
      if (step instanceof PublishStep.Rejected rejected) {
        throw new PermanentPlatformException(connector.platform(), 0, rejected.message(), null);
      }
      if (step instanceof PublishStep.AuthExpired expired) {
        throw new AuthExpiredException(connector.platform(), 0, expired.message(), null);
      }
      if (step instanceof PublishStep.RetryLater retry) {
        throw new TransientPlatformException(
            connector.platform(), 0, retry.message(), retry.retryAfter(), null);
      }
      PublishStep.Wait wait = (PublishStep.Wait) step;
      state = wait.state();
      if (!wait.checkAfter().isZero()) {
        if (System.nanoTime() > deadline) {
          throw new TransientPlatformException(
              connector.platform(),
              0,
              connector.platform().id() + " is still processing after " + processingTimeout,
              null,
              null);
        }
        sleep(wait.checkAfter());
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the platform", e);
    }
  }
}

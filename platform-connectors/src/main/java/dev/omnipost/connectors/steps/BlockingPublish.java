package dev.omnipost.connectors.steps;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a connector's publish steps to their end for a caller that wants one answer: what tools and
 * connector tests use (the publisher-worker stores each step instead, ADR on durable steps). A wait
 * between steps is a step scheduled on a delayed executor, not a sleeping thread; the caller blocks
 * once, on the outcome. Outcomes other than {@code Done} are thrown as the matching {@link
 * dev.omnipost.connectors.PlatformException}.
 */
public final class BlockingPublish {

  private BlockingPublish() {}

  public static PublishedPost run(
      PlatformConnector connector,
      AccountCredentials account,
      PublishRequest request,
      Duration processingTimeout) {
    long deadline = System.nanoTime() + processingTimeout.toNanos();
    CompletableFuture<PublishedPost> outcome = new CompletableFuture<>();
    step(connector, account, request, StepState.empty(), deadline, processingTimeout, outcome);
    try {
      return outcome.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** Runs one step, then completes {@code outcome} or schedules the next step after its wait. */
  private static void step(
      PlatformConnector connector,
      AccountCredentials account,
      PublishRequest request,
      StepState state,
      long deadline,
      Duration processingTimeout,
      CompletableFuture<PublishedPost> outcome) {
    try {
      PublishStep step = connector.nextPublishStep(account, request, state, StepContext.none());
      if (!(step instanceof PublishStep.Wait wait)) {
        outcome.complete(ended(connector, step));
        return;
      }
      if (wait.checkAfter().isZero()) {
        step(connector, account, request, wait.state(), deadline, processingTimeout, outcome);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TransientPlatformException(
            connector.platform(),
            0,
            connector.platform().id() + " is still processing after " + processingTimeout,
            null,
            null);
      }
      Executor later =
          CompletableFuture.delayedExecutor(wait.checkAfter().toMillis(), TimeUnit.MILLISECONDS);
      later.execute(
          () ->
              step(
                  connector, account, request, wait.state(), deadline, processingTimeout, outcome));
    } catch (RuntimeException failure) {
      outcome.completeExceptionally(failure);
    }
  }

  private static PublishedPost ended(PlatformConnector connector, PublishStep step) {
    if (step instanceof PublishStep.Done done) {
      return new PublishedPost(done.platformPostId(), done.permalink());
    }
    if (step instanceof PublishStep.Rejected rejected) {
      throw new PermanentPlatformException(connector.platform(), 0, rejected.message(), null);
    }
    if (step instanceof PublishStep.AuthExpired expired) {
      throw new AuthExpiredException(connector.platform(), 0, expired.message(), null);
    }
    PublishStep.RetryLater retry = (PublishStep.RetryLater) step;
    throw new TransientPlatformException(
        connector.platform(), 0, retry.message(), retry.retryAfter(), null);
  }
}

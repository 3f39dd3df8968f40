package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import dev.omnipost.events.commands.PublishTarget;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one claimed target's publish steps through its platform's connector. It leases the target,
 * first settles a create left in doubt by asking the platform ({@code findPublished}), then runs
 * steps while they can go on at once, storing each step's state before the next; a step that must
 * wait (processing, retry, rate budget) is stored with {@code next_check_at} and the scheduler
 * wakes it: no thread sleeps on a platform. Outcomes are recorded by {@link TargetResults}.
 */
class TargetPublisher {

  private static final Logger log = LoggerFactory.getLogger(TargetPublisher.class);

  /** Steps run back to back under one lease before the target goes back to the scheduler. */
  private static final int MAX_STEPS_PER_RUN = 20;

  private final PublishJobs jobs;
  private final TargetResults results;
  private final StepStore steps;
  private final PlatformConnectorLookup connectors;
  private final SecretCipher cipher;
  private final RetryDelays retryDelays;
  private final AccountPacer pacer;
  private final ResultWriter writer;
  private final PublisherMetrics metrics;
  private final Clock clock;
  private final TraceContexts traces;

  TargetPublisher(
      PublishJobs jobs,
      TargetResults results,
      StepStore steps,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      RetryDelays retryDelays,
      AccountPacer pacer,
      ResultWriter writer,
      PublisherMetrics metrics,
      Clock clock,
      TraceContexts traces) {
    this.traces = traces;
    this.jobs = jobs;
    this.results = results;
    this.steps = steps;
    this.connectors = connectors;
    this.cipher = cipher;
    this.retryDelays = retryDelays;
    this.pacer = pacer;
    this.writer = writer;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Handles one command; repeats for settled, waiting or leased targets are no-ops. Every log line
   * meanwhile carries the workspace, post and target ids (MDC: JSON logs show them as fields).
   */
  void publish(PublishTarget command) {
    try (MDC.MDCCloseable workspace = MDC.putCloseable("workspace_id", command.workspaceId());
        MDC.MDCCloseable post = MDC.putCloseable("post_id", command.postId());
        MDC.MDCCloseable target = MDC.putCloseable("target_id", command.targetId())) {
      Optional<PublishJob> job = jobs.load(command.targetId());
      if (job.isEmpty()) {
        log.debug("Target {} is not publishing any more; command ignored", command.targetId());
        return;
      }
      publish(job.get());
    }
  }

  private void publish(PublishJob job) {
    Optional<Platform> platform = Platform.fromId(job.platform());
    Optional<PlatformConnector> found = platform.flatMap(connectors::find);
    if (found.isEmpty()) {
      fail(job, "platform_unsupported", "Publishing to " + job.platform() + " is not available.");
      return;
    }
    if (!job.accountConnected()) {
      fail(
          job,
          "auth_expired",
          "The account is " + job.accountStatus() + "; reconnect it to publish.");
      return;
    }
    Optional<StepStore.Lease> leased = steps.lease(job.targetId());
    if (leased.isEmpty()) {
      log.debug("Target {} is waiting or being published elsewhere", job.targetId());
      return;
    }
    PlatformConnector connector = found.get();
    AccountCredentials credentials =
        new AccountCredentials(
            job.accountId(),
            platform.get(),
            job.platformAccountId(),
            job.handle(),
            cipher.decrypt(
                job.accessTokenEncrypted(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(job.accountId())),
            job.accountSettings());
    PublishRequest request =
        new PublishRequest(job.targetId(), job.text(), job.media(), job.options());
    StepState state = leased.get().state();
    int failures = leased.get().transientFailures();
    if (leased.get().pendingAttempt() != null) {
      PostLookup lookup;
      try {
        lookup =
            connector.findPublished(credentials, request, state, leased.get().pendingAttempt());
      } catch (PlatformException e) {
        act(job, PublishStep.fromFailure(e, state), failures, true);
        return;
      }
      metrics.reconciled(job.platform(), lookup.getClass().getSimpleName());
      if (lookup instanceof PostLookup.Found post) {
        writer.published(job, new PublishedPost(post.platformPostId(), post.permalink()));
        metrics.published(job.platform());
        return;
      }
      if (lookup instanceof PostLookup.Unknown unknown) {
        results.unconfirmed(job, unknown.reason(), null, null);
        return;
      }
      steps.clearAttempt(job.targetId());
    }
    for (int run = 0; run < MAX_STEPS_PER_RUN; run++) {
      Duration paced = pacer.reserve(job.accountId(), connector.rateBudget());
      if (!paced.isZero()) {
        steps.waitUntil(job.targetId(), state, clock.instant().plus(paced));
        metrics.paced(job.platform());
        return;
      }
      Context context = new Context(job);
      long started = System.nanoTime();
      PublishStep step;
      // one span per step: its platform calls carry its traceparent (ADR 26)
      Span span = traces.child("publish step").tag("platform", job.platform());
      try (Tracer.SpanInScope scope = traces.inScope(span)) {
        step = connector.nextPublishStep(credentials, request, state, context);
      } catch (PlatformException e) {
        step = PublishStep.fromFailure(e, state);
      } catch (RuntimeException e) {
        log.error("Step of target {} on {} failed unexpectedly", job.targetId(), job.platform(), e);
        span.error(e);
        step =
            new PublishStep.RetryLater(
                state, null, "publish_failed", "Omnipost could not publish this target.", true);
      } finally {
        span.end();
      }
      metrics.publishCall(job.platform(), outcome(step), since(started));
      if (step instanceof PublishStep.Wait wait && wait.checkAfter().isZero()) {
        state = wait.state();
        steps.progressed(job.targetId(), state);
        continue;
      }
      act(job, step, failures, context.marked);
      return;
    }
    steps.waitUntil(job.targetId(), state, clock.instant());
  }

  private void act(PublishJob job, PublishStep step, int failures, boolean createInFlight) {
    if (step instanceof PublishStep.Done done) {
      writer.published(job, new PublishedPost(done.platformPostId(), done.permalink()));
      metrics.published(job.platform());
    } else if (step instanceof PublishStep.Wait wait) {
      steps.waitUntil(job.targetId(), wait.state(), clock.instant().plus(wait.checkAfter()));
    } else if (step instanceof PublishStep.Rejected rejected) {
      results.failed(job, rejected.code(), rejected.message(), true);
      metrics.failed(job.platform(), rejected.code());
    } else if (step instanceof PublishStep.AuthExpired expired) {
      results.authExpired(job, expired.message());
      metrics.failed(job.platform(), "auth_expired");
    } else if (step instanceof PublishStep.RetryLater retry) {
      int attempt = failures + 1;
      if (retryDelays.exhausted(attempt)) {
        results.failed(job, "platform_unavailable", retry.message(), true);
        metrics.failed(job.platform(), "platform_unavailable");
        return;
      }
      Duration wait = retryDelays.waitAfter(attempt, retry.retryAfter());
      steps.retryAt(
          job.targetId(),
          retry.state(),
          retry.code(),
          retry.message(),
          clock.instant().plus(wait),
          createInFlight && retry.outcomeUnknown());
      log.info(
          "Attempt {} of target {} on {} failed ({}), retrying in {}: {}",
          attempt,
          job.targetId(),
          job.platform(),
          retry.code(),
          wait,
          retry.message());
    }
  }

  private void fail(PublishJob job, String code, String message) {
    results.failed(job, code, message, false);
    metrics.failed(job.platform(), code);
  }

  private static String outcome(PublishStep step) {
    if (step instanceof PublishStep.Done) {
      return "published";
    }
    if (step instanceof PublishStep.Wait) {
      return "wait";
    }
    if (step instanceof PublishStep.Rejected) {
      return "rejected";
    }
    if (step instanceof PublishStep.AuthExpired) {
      return "auth_expired";
    }
    return "transient_failure";
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Stores attempt markers and feeds the platform's rate headers to the pacer. */
  private final class Context implements StepContext {

    private final PublishJob job;
    private boolean marked;

    Context(PublishJob job) {
      this.job = job;
    }

    @Override
    public void beforeCreate(String what) {
      steps.markAttempt(job.targetId(), what);
      marked = true;
    }

    @Override
    public void rateLimit(int remaining, Instant resetsAt) {
      pacer.observe(job.accountId(), remaining, resetsAt);
    }
  }
}

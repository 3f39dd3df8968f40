package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.events.commands.PublishTarget;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one claimed target through its platform's connector and records the result. Business
 * failures (rejected post, expired token) are outcomes, recorded and announced here; only a {@link
 * TransientPlatformException} escapes, after its attempt was recorded, so the retry topics try
 * again later.
 */
class TargetPublisher {

  private static final Logger log = LoggerFactory.getLogger(TargetPublisher.class);

  private final PublishJobs jobs;
  private final TargetResults results;
  private final PlatformConnectorLookup connectors;
  private final SecretCipher cipher;
  private final RetryDelays retryDelays;
  private final PublisherMetrics metrics;

  TargetPublisher(
      PublishJobs jobs,
      TargetResults results,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      RetryDelays retryDelays,
      PublisherMetrics metrics) {
    this.jobs = jobs;
    this.results = results;
    this.connectors = connectors;
    this.cipher = cipher;
    this.retryDelays = retryDelays;
    this.metrics = metrics;
  }

  /**
   * Handles delivery {@code attempt} (1-based) of a command; repeats for settled targets are
   * no-ops.
   */
  void publish(PublishTarget command, int attempt) {
    Optional<PublishJob> job = jobs.load(command.targetId());
    if (job.isEmpty()) {
      log.debug("Target {} is not publishing any more; command ignored", command.targetId());
      return;
    }
    publish(job.get(), attempt);
  }

  private void publish(PublishJob job, int attempt) {
    Optional<Platform> platform = Platform.fromId(job.platform());
    Optional<PlatformConnector> connector = platform.flatMap(connectors::find);
    if (connector.isEmpty()) {
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
    long started = System.nanoTime();
    try {
      PublishedPost post = connector.get().publish(credentials, request);
      metrics.publishCall(job.platform(), "published", since(started));
      results.published(job, post);
      metrics.published(job.platform());
    } catch (AuthExpiredException e) {
      metrics.publishCall(job.platform(), "auth_expired", since(started));
      results.authExpired(job, e.getMessage());
      metrics.failed(job.platform(), e.code());
    } catch (PermanentPlatformException e) {
      metrics.publishCall(job.platform(), "rejected", since(started));
      results.failed(job, e.code(), e.getMessage(), true);
      metrics.failed(job.platform(), e.code());
    } catch (TransientPlatformException e) {
      metrics.publishCall(job.platform(), "transient_failure", since(started));
      results.retrying(
          job, e.code(), e.getMessage(), retryDelays.waitAfter(attempt, e.retryAfter()));
      log.info(
          "Attempt {} of target {} on {} failed ({}), will retry: {}",
          attempt,
          job.targetId(),
          job.platform(),
          e.code(),
          e.getMessage());
      throw e;
    }
  }

  private void fail(PublishJob job, String code, String message) {
    results.failed(job, code, message, false);
    metrics.failed(job.platform(), code);
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}

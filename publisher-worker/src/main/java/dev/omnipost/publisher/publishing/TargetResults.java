package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.DomainEvent;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.events.posts.PostTargetFailed;
import dev.omnipost.events.posts.PostTargetPublished;
import dev.omnipost.events.posts.PostTargetUnconfirmed;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what happened to one target. Each method is one transaction holding a guarded update
 * ({@code … WHERE status = 'publishing'}), the events announcing it (through the outbox) and, once
 * the target is settled, the post's outcome; a result for a target that is no longer publishing
 * changes nothing and emits nothing.
 */
class TargetResults {

  private static final Logger log = LoggerFactory.getLogger(TargetResults.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final PostOutcomes postOutcomes;
  private final PublisherMetrics metrics;

  TargetResults(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      PostOutcomes postOutcomes,
      PublisherMetrics metrics) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
    this.postOutcomes = postOutcomes;
    this.metrics = metrics;
  }

  /** The platform call succeeded. */
  void published(PublishJob job, PublishedPost post) {
    transactions.executeWithoutResult(
        status -> {
          Optional<Settled> settled =
              jdbc.sql(
                      """
                      UPDATE post_targets SET status = 'published', platform_post_id = :postId,
                        permalink = :permalink, published_at = now(), attempts = attempts + 1,
                        error_code = NULL, error_message = NULL, step_attempt = NULL,
                        step_attempt_at = NULL, lease_until = NULL, next_check_at = NULL,
                        updated_at = now()
                      WHERE id = :id AND status = 'publishing'
                      RETURNING attempts, published_at, COALESCE(due_at, created_at) AS due_at
                      """)
                  .param("id", job.targetId())
                  .param("postId", post.platformPostId())
                  .param("permalink", post.permalink())
                  .query(
                      (rs, i) ->
                          new Settled(
                              rs.getInt("attempts"),
                              rs.getTimestamp("published_at").toInstant(),
                              rs.getTimestamp("due_at").toInstant()))
                  .optional();
          if (settled.isEmpty()) {
            log.warn(
                "Target {} was published as {} but had already left 'publishing'",
                job.targetId(),
                post.platformPostId());
            return;
          }
          emit(
              job,
              new PostTargetPublished(
                  job.postId(),
                  job.accountId(),
                  job.platform(),
                  post.platformPostId(),
                  post.permalink(),
                  settled.get().at(),
                  settled.get().attempts()));
          postOutcomes.settle(job.postId(), job.workspaceId());
          metrics.timeToPublish(
              job.platform(), Duration.between(settled.get().dueAt(), settled.get().at()));
        });
  }

  /**
   * The target failed for good. {@code platformCalled} says whether this attempt reached the
   * platform (and so counts as an attempt).
   */
  void failed(PublishJob job, String errorCode, String errorMessage, boolean platformCalled) {
    transactions.executeWithoutResult(
        status -> fail(job.targetId(), job, errorCode, errorMessage, platformCalled ? 1 : 0));
  }

  /** The platform rejected the token: the account needs reconnecting, the target fails. */
  void authExpired(PublishJob job, String platformMessage) {
    transactions.executeWithoutResult(
        status -> {
          int expired =
              jdbc.sql(
                      "UPDATE accounts SET status = 'expired', updated_at = now()"
                          + " WHERE id = :id AND status = 'connected'")
                  .param("id", job.accountId())
                  .update();
          if (expired == 1) {
            outbox.publishEvent(
                codec.wrap(
                    new AccountNeedsReconnect(job.accountId(), job.platform(), platformMessage),
                    job.workspaceId(),
                    job.accountId()));
          }
          fail(job.targetId(), job, "auth_expired", platformMessage, 1);
        });
  }

  /**
   * No more attempts: the target fails with {@code errorCode} and the last error recorded by {@link
   * #retrying}, or {@code fallbackMessage} if none was. Returns the target's platform if it was
   * still publishing.
   */
  Optional<String> retriesExhausted(String targetId, String errorCode, String fallbackMessage) {
    return transactions.execute(
        status -> {
          Optional<TargetKeys> keys =
              jdbc.sql(
                      "SELECT post_id, workspace_id, account_id, platform FROM post_targets"
                          + " WHERE id = :id AND status = 'publishing'")
                  .param("id", targetId)
                  .query(
                      (rs, i) ->
                          new TargetKeys(
                              rs.getString("post_id"),
                              rs.getString("workspace_id"),
                              rs.getString("account_id"),
                              rs.getString("platform")))
                  .optional();
          keys.ifPresent(k -> failTarget(targetId, k, errorCode, null, fallbackMessage, 0));
          return keys.map(TargetKeys::platform);
        });
  }

  /**
   * Nobody can tell whether the platform holds the post (or it does, but its id could not be stored
   * as published): the target ends {@code unconfirmed} with {@code post.target.unconfirmed} for a
   * person to decide; a known platform id is kept.
   */
  void unconfirmed(PublishJob job, String reason, String platformPostId, String permalink) {
    transactions.executeWithoutResult(
        status -> {
          int changed =
              jdbc.sql(
                      """
                      UPDATE post_targets SET status = 'unconfirmed', error_code = 'publish_unconfirmed',
                        error_message = :reason,
                        platform_post_id = COALESCE(CAST(:postId AS text), platform_post_id),
                        permalink = COALESCE(CAST(:permalink AS text), permalink),
                        lease_until = NULL, next_check_at = NULL, updated_at = now()
                      WHERE id = :id AND status = 'publishing'
                      """)
                  .param("id", job.targetId())
                  .param("reason", reason)
                  .param("postId", platformPostId)
                  .param("permalink", permalink)
                  .update();
          if (changed == 0) {
            return;
          }
          emit(
              job,
              new PostTargetUnconfirmed(
                  job.postId(), job.accountId(), job.platform(), reason, platformPostId));
          postOutcomes.settle(job.postId(), job.workspaceId());
        });
  }

  private void fail(
      String targetId, PublishJob job, String errorCode, String errorMessage, int attempts) {
    failTarget(
        targetId,
        new TargetKeys(job.postId(), job.workspaceId(), job.accountId(), job.platform()),
        errorCode,
        errorMessage,
        errorMessage,
        attempts);
  }

  /** Guarded move to failed; a null {@code errorMessage} keeps the message already stored. */
  private void failTarget(
      String targetId,
      TargetKeys keys,
      String errorCode,
      String errorMessage,
      String fallbackMessage,
      int attempts) {
    Optional<Failure> failure =
        jdbc.sql(
                """
                UPDATE post_targets SET status = 'failed', error_code = :code,
                  error_message = COALESCE(CAST(:message AS text), error_message, CAST(:fallback AS text)),
                  attempts = attempts + :attempts, step_attempt = NULL, step_attempt_at = NULL,
                  lease_until = NULL, next_check_at = NULL, updated_at = now()
                WHERE id = :id AND status = 'publishing'
                RETURNING attempts, error_message
                """)
            .param("id", targetId)
            .param("code", errorCode)
            .param("message", errorMessage)
            .param("fallback", fallbackMessage)
            .param("attempts", attempts)
            .query((rs, i) -> new Failure(rs.getInt("attempts"), rs.getString("error_message")))
            .optional();
    if (failure.isEmpty()) {
      return;
    }
    outbox.publishEvent(
        codec.wrap(
            new PostTargetFailed(
                keys.postId(),
                keys.accountId(),
                keys.platform(),
                errorCode,
                failure.get().message(),
                failure.get().attempts()),
            keys.workspaceId(),
            keys.postId()));
    postOutcomes.settle(keys.postId(), keys.workspaceId());
  }

  private void emit(PublishJob job, DomainEvent event) {
    outbox.publishEvent(codec.wrap(event, job.workspaceId(), job.postId()));
  }

  private record Settled(int attempts, Instant at, Instant dueAt) {}

  private record Failure(int attempts, String message) {}

  private record TargetKeys(String postId, String workspaceId, String accountId, String platform) {}
}

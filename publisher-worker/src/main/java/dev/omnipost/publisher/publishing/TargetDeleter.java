package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.commands.DeleteTarget;
import dev.omnipost.events.posts.PostUnpublished;
import dev.omnipost.events.posts.TargetOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a {@link DeleteTarget} command: deletes one published target on its platform through {@link
 * PlatformConnector#delete}, on the account's lane. {@code Deleted} and {@code AlreadyGone} make
 * the target {@code deleted}; a transient failure schedules another try ({@code delete_next_at},
 * the publish retry schedule and the platform's Retry-After; the scheduler sends the command
 * again); anything else, or the last try, leaves the target {@code published} with {@code
 * delete_error_code}. When the post has no delete pending any more, {@code post.unpublished} is
 * emitted, once: the post row is locked first, as {@link PostOutcomes} does.
 *
 * <p>Only a target whose delete is pending and not waiting for a retry is acted on, so a repeated
 * command is a no-op; two copies racing both call the platform (a second delete answers {@code
 * AlreadyGone}) and only one wins the guarded update to {@code deleted}.
 */
class TargetDeleter {

  private static final Logger log = LoggerFactory.getLogger(TargetDeleter.class);

  private static final String PENDING =
      "t.status = 'published' AND t.delete_requested_at IS NOT NULL"
          + " AND t.delete_error_code IS NULL";

  private static final String LOAD =
      "SELECT t.id, t.post_id, t.workspace_id, t.account_id, t.platform, t.platform_post_id,"
          + " t.delete_attempts, a.status AS account_status, a.platform_account_id, a.handle,"
          + " a.access_token_enc, CAST(a.settings AS text) AS settings"
          + " FROM post_targets t JOIN accounts a ON a.id = t.account_id"
          + " WHERE t.id = :id AND t.delete_next_at IS NULL AND "
          + PENDING;

  private record Job(
      String targetId,
      String postId,
      String workspaceId,
      String accountId,
      String platform,
      String platformPostId,
      int attempts,
      String accountStatus,
      String platformAccountId,
      String handle,
      byte[] token,
      String settings) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final PlatformConnectorLookup connectors;
  private final SecretCipher cipher;
  private final RetryDelays retryDelays;
  private final Clock clock;

  TargetDeleter(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      RetryDelays retryDelays,
      Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
    this.connectors = connectors;
    this.cipher = cipher;
    this.retryDelays = retryDelays;
    this.clock = clock;
  }

  void delete(DeleteTarget command) {
    Optional<Job> loaded =
        jdbc.sql(LOAD)
            .param("id", command.targetId())
            .query(
                (rs, i) ->
                    new Job(
                        rs.getString("id"),
                        rs.getString("post_id"),
                        rs.getString("workspace_id"),
                        rs.getString("account_id"),
                        rs.getString("platform"),
                        rs.getString("platform_post_id"),
                        rs.getInt("delete_attempts"),
                        rs.getString("account_status"),
                        rs.getString("platform_account_id"),
                        rs.getString("handle"),
                        rs.getBytes("access_token_enc"),
                        rs.getString("settings")))
            .optional();
    if (loaded.isEmpty()) {
      log.debug("Target {} has no delete to run; command ignored", command.targetId());
      return;
    }
    Job job = loaded.get();
    Optional<Platform> platform = Platform.fromId(job.platform());
    Optional<PlatformConnector> connector = platform.flatMap(connectors::find);
    if (connector.isEmpty() || !connector.get().canDelete()) {
      fail(job, "platform_unsupported", job.platform() + " cannot delete posts.");
      return;
    }
    if (!"connected".equals(job.accountStatus())) {
      fail(job, "auth_expired", "The account is " + job.accountStatus() + "; reconnect it.");
      return;
    }
    AccountCredentials account =
        new AccountCredentials(
            job.accountId(),
            platform.get(),
            job.platformAccountId(),
            job.handle(),
            cipher.decrypt(job.token(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(job.accountId())),
            PublishJobs.settings(job.settings()));
    try {
      DeleteResult result = connector.get().delete(account, job.platformPostId());
      if (result instanceof DeleteResult.Unsupported unsupported) {
        fail(job, "platform_unsupported", unsupported.reason());
      } else {
        deleted(job);
      }
    } catch (TransientPlatformException e) {
      int attempt = job.attempts() + 1;
      if (retryDelays.exhausted(attempt)) {
        fail(job, "platform_unavailable", e.getMessage());
      } else {
        retryLater(job, attempt, retryDelays.waitAfter(attempt, e.retryAfter()), e.getMessage());
      }
    } catch (AuthExpiredException e) {
      fail(job, "auth_expired", e.getMessage());
    } catch (PermanentPlatformException e) {
      fail(job, "platform_rejected", e.getMessage());
    }
  }

  private void deleted(Job job) {
    transactions.executeWithoutResult(
        tx -> {
          int updated =
              jdbc.sql(
                      "UPDATE post_targets t SET status = 'deleted', deleted_at = now(),"
                          + " delete_attempts = delete_attempts + 1, updated_at = now()"
                          + " WHERE t.id = :id AND "
                          + PENDING)
                  .param("id", job.targetId())
                  .update();
          if (updated == 1) {
            announceIfDone(job);
          }
        });
  }

  private void fail(Job job, String code, String message) {
    transactions.executeWithoutResult(
        tx -> {
          int updated =
              jdbc.sql(
                      "UPDATE post_targets t SET delete_error_code = :code,"
                          + " delete_error_message = :message, delete_next_at = NULL,"
                          + " delete_attempts = delete_attempts + 1, updated_at = now()"
                          + " WHERE t.id = :id AND "
                          + PENDING)
                  .param("code", code)
                  .param("message", message)
                  .param("id", job.targetId())
                  .update();
          if (updated == 1) {
            announceIfDone(job);
          }
        });
  }

  private void retryLater(Job job, int attempt, Duration wait, String message) {
    Instant next = clock.instant().plus(wait);
    jdbc.sql(
            "UPDATE post_targets t SET delete_next_at = :next, delete_attempts = :attempt,"
                + " delete_error_message = :message, updated_at = now()"
                + " WHERE t.id = :id AND "
                + PENDING)
        .param("next", Timestamp.from(next))
        .param("attempt", attempt)
        .param("message", message)
        .param("id", job.targetId())
        .update();
    log.info("Delete of target {} failed ({}); next try at {}", job.targetId(), message, next);
  }

  /** Emits {@code post.unpublished} if this was the post's last pending delete. */
  private void announceIfDone(Job job) {
    jdbc.sql("SELECT id FROM posts WHERE id = :id FOR UPDATE")
        .param("id", job.postId())
        .query(String.class)
        .single();
    long pending =
        jdbc.sql("SELECT count(*) FROM post_targets t WHERE t.post_id = :post AND " + PENDING)
            .param("post", job.postId())
            .query(Long.class)
            .single();
    if (pending > 0) {
      return;
    }
    List<TargetOutcome> outcomes =
        jdbc.sql(
                "SELECT account_id, platform, status, platform_post_id, permalink,"
                    + " delete_error_code, delete_error_message FROM post_targets"
                    + " WHERE post_id = :post AND delete_requested_at IS NOT NULL"
                    + " ORDER BY created_at, id")
            .param("post", job.postId())
            .query(
                (rs, i) ->
                    new TargetOutcome(
                        rs.getString("account_id"),
                        rs.getString("platform"),
                        rs.getString("status"),
                        rs.getString("platform_post_id"),
                        rs.getString("permalink"),
                        rs.getString("delete_error_code"),
                        rs.getString("delete_error_message")))
            .list();
    jdbc.sql("UPDATE posts SET updated_at = now() WHERE id = :id")
        .param("id", job.postId())
        .update();
    outbox.publishEvent(
        codec.wrap(new PostUnpublished(job.postId(), outcomes), job.workspaceId(), job.postId()));
  }
}

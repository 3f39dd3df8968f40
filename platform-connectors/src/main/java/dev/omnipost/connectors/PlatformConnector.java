package dev.omnipost.connectors;

import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.MessageMediaRules;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.insights.AccountInsights;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Speaks one platform's documented API. Implementations are thread-safe and stateless apart from
 * their HTTP client; where the platform lives is configuration (a base URL), so the same connector
 * talks to the real platform or to the platform sandbox.
 *
 * <h2>Publishing as durable steps</h2>
 *
 * A publish is a function from the target's stored {@link StepState} to the next {@link
 * PublishStep}: {@link #nextPublishStep} does the next thing the flow needs (upload a media file,
 * create a container, look at its processing status, publish it), at most one call that changes
 * something on the platform, and returns what it learnt. The worker stores the returned state on
 * the target row before acting on it, so a worker that stops between two steps resumes from the
 * stored state and never repeats a create. A step never sleeps: when the platform is processing, it
 * returns {@code Wait(state, checkAfter)} and the worker schedules the target again.
 *
 * <p>Before a call that creates something and is not idempotent on the platform, call {@link
 * StepContext#beforeCreate}; if the worker then loses the answer (crash, timeout) it calls {@link
 * #findPublished} with that marker before running the step again.
 *
 * <p>Failures may be thrown as {@link PlatformException} subtypes ({@link
 * TransientPlatformException}: retry later; {@link AuthExpiredException}: reconnect the account;
 * {@link PermanentPlatformException}: rejected) or returned as the matching step; {@link
 * PublishStep#fromFailure} maps one onto the other.
 *
 * <p>Writing a connector: implement {@link #platform()}, {@link #nextPublishStep}, {@link
 * #findPublished}; override {@link #rateBudget()} with the platform's documented per-account limit,
 * and {@link #delete} / {@link #metrics} where the platform can (the defaults answer {@code
 * Unsupported}); register it in {@link PlatformConnectors#create}.
 *
 * <h2>The inbox</h2>
 *
 * A connector whose platform has comments, mentions, direct messages or reviews overrides the
 * matching methods below and lists them in {@link #inboxOperations()}; the defaults throw {@link
 * UnsupportedPlatformOperationException}, which the gateway answers as 501 {@code
 * platform.unsupported_operation}. Actions ({@link #replyToComment}, {@link #hideComment}, …) make
 * one call each and throw {@link PlatformException} subtypes on failure; the inbox-ingestor retries
 * the transient ones and records the outcome before it acknowledges the command.
 */
public interface PlatformConnector {

  Platform platform();

  /**
   * Runs the step that comes after {@code state} ({@link StepState#empty()} for a new target).
   *
   * @param request the target's post; {@link PublishRequest#idempotencyKey()} is stable across
   *     every step and retry of the target
   * @throws PlatformException instead of returning {@code RetryLater}, {@code Rejected} or {@code
   *     AuthExpired}, if that is simpler
   */
  PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context);

  /**
   * Asks the platform whether the create behind {@code attempt} happened, for a step whose outcome
   * was lost (worker crash, timeout without an answer). Use what the platform offers: an
   * idempotency-key replay, the status of the container in {@code state}, or the account's recent
   * posts by text and time. Answer {@link PostLookup.Unknown} rather than guess: a person decides.
   *
   * @throws PlatformException when the platform cannot be asked right now (the worker retries)
   */
  PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt);

  /** The platform's documented per-account call budget; unlimited if it has none. */
  default RateBudget rateBudget() {
    return RateBudget.unlimited();
  }

  /** Deletes a published post; {@code Unsupported} where the platform's API cannot. */
  default DeleteResult delete(AccountCredentials account, String platformPostId) {
    return new DeleteResult.Unsupported(platform().id() + " does not support deleting posts");
  }

  /**
   * Whether {@link #delete} can remove a post on this platform, asked before anything is sent (the
   * unpublish route answers 501 for a platform that cannot). By default: whether the connector
   * overrides {@link #delete}; a connector that overrides it only to explain why not (Instagram)
   * overrides this too.
   */
  default boolean canDelete() {
    try {
      return getClass()
              .getMethod("delete", AccountCredentials.class, String.class)
              .getDeclaringClass()
          != PlatformConnector.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A published post's counters; {@code Unsupported} where the platform has none to read. */
  default MetricsResult metrics(AccountCredentials account, String platformPostId) {
    return new MetricsResult.Unsupported(platform().id() + " does not report post metrics");
  }

  /**
   * Whether {@link #accountInsights} can be read on this platform, asked without a platform call
   * ({@code GET /v1/accounts/{id}/analytics} answers 501 for a platform that cannot).
   */
  default boolean supportsAccountInsights() {
    return false;
  }

  /**
   * The account's followers (and reach, where the platform measures it) now.
   *
   * @throws UnsupportedPlatformOperationException if the platform reports no account insights
   */
  default AccountInsights accountInsights(AccountCredentials account) {
    throw new UnsupportedPlatformOperationException(platform(), "account insights");
  }

  /**
   * Publishes a post by running its steps one after the other on the calling thread, sleeping
   * through waits for up to {@code processingTimeout}: for tools and tests only. The worker never
   * calls this; it runs {@link #nextPublishStep} and schedules the waits.
   */
  default PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, Duration.ofMinutes(2));
  }

  /**
   * Comments on the account's recent posts, oldest first. Callers de-duplicate on {@link
   * PlatformComment#platformCommentId()}.
   *
   * @throws UnsupportedPlatformOperationException if the platform has no comments API
   */
  default List<PlatformComment> listRecentComments(AccountCredentials account) {
    throw new UnsupportedPlatformOperationException(platform(), "list comments");
  }

  /**
   * The inbox operations this platform's API offers; every one listed must be implemented below.
   * Empty by default.
   */
  default Set<InboxOperation> inboxOperations() {
    return Set.of();
  }

  /** Whether {@code operation} is in {@link #inboxOperations()}. */
  default boolean supports(InboxOperation operation) {
    return inboxOperations().contains(operation);
  }

  /**
   * How long after a comment the platform accepts a private reply to it (Instagram: 7 days); only
   * meaningful with {@link InboxOperation#PRIVATE_REPLY}.
   */
  default Duration privateReplyWindow() {
    return Duration.ZERO;
  }

  /** How long after the other party's last message the account may still write to them. */
  default Duration messagingWindow() {
    return Duration.ZERO;
  }

  /** Answers a comment publicly; returns the platform's id of the reply. */
  default String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    throw new UnsupportedPlatformOperationException(platform(), "replying to comments");
  }

  /** Hides ({@code true}) or shows again ({@code false}) a comment on the account's post. */
  default void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    throw new UnsupportedPlatformOperationException(platform(), "hiding comments");
  }

  /** Likes ({@code true}) or unlikes ({@code false}) a comment as the account. */
  default void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    throw new UnsupportedPlatformOperationException(platform(), "liking comments");
  }

  /**
   * Whether {@link #deleteComment} can delete only the account's own comments (its replies), as on
   * Mastodon; the gateway then answers 501 for anyone else's before anything is queued.
   */
  default boolean deletesOwnCommentsOnly() {
    return false;
  }

  /** Deletes a comment; a comment already gone counts as deleted. */
  default void deleteComment(AccountCredentials account, String platformCommentId) {
    throw new UnsupportedPlatformOperationException(platform(), "deleting comments");
  }

  /**
   * Answers a comment with a direct message to its author (within {@link #privateReplyWindow()});
   * returns the platform's id of the message.
   */
  default String privateReply(AccountCredentials account, String platformCommentId, String text) {
    throw new UnsupportedPlatformOperationException(platform(), "private replies");
  }

  /** Mentions of the account after {@code cursor} (null: the most recent ones). */
  default SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    throw new UnsupportedPlatformOperationException(platform(), "list mentions");
  }

  /** Direct messages received or sent after {@code cursor} (null: the most recent ones). */
  default SyncPage<PlatformMessage> listMessages(AccountCredentials account, String cursor) {
    throw new UnsupportedPlatformOperationException(platform(), "list direct messages");
  }

  /**
   * What media {@link #sendMessage} takes ({@link MessageMediaRules#NONE}: none), which the gateway
   * checks before it accepts an answer.
   */
  default MessageMediaRules messageMedia() {
    return MessageMediaRules.NONE;
  }

  /** Sends a direct message in a conversation; returns the platform's id of the message. */
  default String sendMessage(
      AccountCredentials account,
      String platformConversationId,
      String recipientId,
      String text,
      List<MediaAttachment> media) {
    throw new UnsupportedPlatformOperationException(platform(), "sending direct messages");
  }

  /** Reviews of the account's business after {@code cursor} (null: the most recent ones). */
  default SyncPage<PlatformReview> listReviews(AccountCredentials account, String cursor) {
    throw new UnsupportedPlatformOperationException(platform(), "list reviews");
  }

  /**
   * Sets ({@code text} non-null) or removes ({@code text} null) the business's reply to a review.
   */
  default void replyToReview(AccountCredentials account, String platformReviewId, String text) {
    throw new UnsupportedPlatformOperationException(platform(), "replying to reviews");
  }
}

package dev.omnipost.inbox.actions;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.UnsupportedPlatformOperationException;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.events.inbox.InboxActionCompleted;
import dev.omnipost.events.inbox.InboxActionFailed;
import dev.omnipost.inbox.accounts.AccountCredentialsReader;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Performs one inbox action on its platform, at most once:
 *
 * <ol>
 *   <li>in a transaction, lock the pending action and stamp its attempt marker ({@code
 *       attempted_at}); an action already done is skipped, and a reply whose marker is already set
 *       (an earlier attempt's outcome was lost) is failed as {@code inbox.action_unconfirmed}
 *       rather than risk answering twice. Hiding, liking and deleting set a state, so repeating
 *       them is harmless and they are simply performed again;
 *   <li>call the connector, outside any transaction;
 *   <li>in a transaction, record the outcome with its effect on the comment and its event (guarded
 *       {@code WHERE status = 'pending'}), before the listener returns and the command's offset is
 *       committed.
 * </ol>
 *
 * A transient platform failure is thrown on to the retry topics. It clears the marker when the
 * platform said it did nothing (429, 503) or the action is repeatable; after a timeout or another
 * 5xx a reply keeps its marker, so its retry fails it as unconfirmed instead of answering twice. A
 * rejection, an expired token or an unsupported operation fails the action at once.
 */
@Component
class ActionPerformer {

  private static final Logger log = LoggerFactory.getLogger(ActionPerformer.class);

  /**
   * Actions that set a state on the platform: performing one twice has the effect of once (a
   * review's reply is set or removed as a whole, Google's {@code updateReply} / {@code
   * deleteReply}).
   */
  private static final Set<String> REPEATABLE =
      Set.of(
          "hide", "unhide", "like", "unlike", "delete", "reply_to_review", "delete_review_reply");

  private final ActionStore store;
  private final PlatformConnectors connectors;
  private final AccountCredentialsReader credentials;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionTemplate transactions;
  private final ActionMetrics metrics;
  private final MessageMedia media;
  private final Clock clock;

  ActionPerformer(
      ActionStore store,
      PlatformConnectors connectors,
      AccountCredentialsReader credentials,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      TransactionTemplate transactions,
      ActionMetrics metrics,
      MessageMedia media,
      ObjectProvider<Clock> clock) {
    this.store = store;
    this.connectors = connectors;
    this.credentials = credentials;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
    this.metrics = metrics;
    this.media = media;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  void perform(PerformInboxAction command) {
    Optional<ClaimedAction> claimed = transactions.execute(tx -> claim(command.actionId()));
    if (claimed == null || claimed.isEmpty()) {
      return;
    }
    ClaimedAction action = claimed.get();
    Platform platform = Platform.fromId(action.platform()).orElseThrow();
    PlatformConnector connector = connectors.forPlatform(platform).orElse(null);
    if (connector == null) {
      failNow(action.id(), ActionFailure.UNSUPPORTED, "Omnipost has no connector for " + platform);
      return;
    }
    String platformResultId;
    try {
      platformResultId = call(connector, credentialsOf(action, platform), action);
    } catch (TransientPlatformException e) {
      if (REPEATABLE.contains(action.action()) || refusedUnperformed(e)) {
        transactions.executeWithoutResult(tx -> store.clearAttempt(action.id()));
      }
      metrics.performed(action.platform(), action.action(), "retried");
      throw e;
    } catch (AuthExpiredException e) {
      transactions.executeWithoutResult(
          tx -> {
            fail(action.id(), e.code(), e.getMessage());
            if (store.markExpired(action.accountId())) {
              outbox.publishEvent(
                  codec.wrap(
                      new AccountNeedsReconnect(
                          action.accountId(), action.platform(), e.getMessage()),
                      action.workspaceId(),
                      action.accountId()));
            }
          });
      return;
    } catch (PermanentPlatformException e) {
      failNow(action.id(), e.code(), e.getMessage());
      return;
    } catch (UnsupportedPlatformOperationException e) {
      failNow(action.id(), ActionFailure.UNSUPPORTED, e.getMessage());
      return;
    }
    transactions.executeWithoutResult(tx -> complete(action, platformResultId));
  }

  /** Every attempt failed transiently (from the dead-letter topic). */
  void giveUp(PerformInboxAction command, String code) {
    failNow(
        command.actionId(),
        code,
        "The platform could not be reached or kept refusing for now; every retry failed ("
            + code
            + ")");
  }

  /** 429 and 503: the platform turned the request away before acting on it. */
  private static boolean refusedUnperformed(TransientPlatformException e) {
    return e.httpStatus() == 429 || e.httpStatus() == 503;
  }

  private Optional<ClaimedAction> claim(String actionId) {
    Optional<ActionStore.Locked> locked = store.lockPending(actionId);
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    Optional<ClaimedAction> action = store.markAttempt(actionId);
    if (action.isEmpty()) {
      fail(
          actionId,
          ActionFailure.WORKER_ERROR,
          "The action's comment, conversation or account no longer exists");
      return Optional.empty();
    }
    if (locked.get().attempted() && !REPEATABLE.contains(action.get().action())) {
      fail(
          actionId,
          ActionFailure.UNCONFIRMED,
          "An earlier attempt's outcome is unknown; check the platform before asking again");
      return Optional.empty();
    }
    return action;
  }

  private String call(PlatformConnector connector, AccountCredentials account, ClaimedAction a) {
    String comment = a.platformCommentId();
    return switch (a.action()) {
      case "reply" -> connector.replyToComment(account, comment, a.text());
      case "private_reply" -> connector.privateReply(account, comment, a.text());
      case "hide", "unhide" -> {
        connector.hideComment(account, comment, a.action().equals("hide"));
        yield null;
      }
      case "like", "unlike" -> {
        connector.likeComment(account, comment, a.action().equals("like"));
        yield null;
      }
      case "delete" -> {
        connector.deleteComment(account, comment);
        yield null;
      }
      case "reply_to_review" -> {
        connector.replyToReview(account, comment, a.text());
        yield null;
      }
      case "delete_review_reply" -> {
        connector.replyToReview(account, comment, null);
        yield null;
      }
      case "send_message" ->
          connector.sendMessage(
              account,
              a.platformConversationId(),
              a.recipientId(),
              a.text(),
              media
                  .of(a.workspaceId(), a.mediaIds())
                  .orElseThrow(
                      () ->
                          new PermanentPlatformException(
                              connector.platform(),
                              0,
                              "A media file of the message was deleted before it could be sent",
                              null)));
      default -> throw new UnsupportedPlatformOperationException(connector.platform(), a.action());
    };
  }

  private void complete(ClaimedAction action, String platformResultId) {
    String resultItemId =
        switch (action.action()) {
          case "reply" ->
              store.storeReply(Ids.newId("cmt"), action, platformResultId, clock.instant());
          case "hide", "unhide" -> {
            store.setHidden(action.itemId(), action.action().equals("hide"));
            yield null;
          }
          case "like", "unlike" -> {
            store.setLiked(action.itemId(), action.action().equals("like"));
            yield null;
          }
          case "delete" -> {
            store.markDeleted(action.itemId());
            yield null;
          }
          case "reply_to_review", "delete_review_reply" -> {
            store.setReviewReply(
                action.itemId(),
                action.action().equals("reply_to_review") ? action.text() : null,
                clock.instant());
            yield null;
          }
          case "send_message" ->
              store.storeSentMessage(Ids.newId("msg"), action, platformResultId, clock.instant());
          default -> null;
        };
    if (store.complete(action.id(), resultItemId, platformResultId)) {
      outbox.publishEvent(
          codec.wrap(
              new InboxActionCompleted(
                  action.id(),
                  action.accountId(),
                  action.platform(),
                  action.action(),
                  action.itemId(),
                  resultItemId,
                  platformResultId),
              action.workspaceId(),
              action.id()));
      metrics.performed(action.platform(), action.action(), "completed");
    }
  }

  private void failNow(String actionId, String code, String message) {
    transactions.executeWithoutResult(tx -> fail(actionId, code, message));
  }

  private void fail(String actionId, String code, String message) {
    store
        .fail(actionId, code, message)
        .ifPresent(
            failed -> {
              log.info("inbox action {} ({}) failed: {}", actionId, failed.action(), code);
              outbox.publishEvent(
                  codec.wrap(
                      new InboxActionFailed(
                          actionId,
                          failed.accountId(),
                          failed.platform(),
                          failed.action(),
                          failed.itemId(),
                          code,
                          message),
                      failed.workspaceId(),
                      actionId));
              metrics.performed(failed.platform(), failed.action(), "failed");
            });
  }

  private AccountCredentials credentialsOf(ClaimedAction action, Platform platform) {
    return credentials.read(
        action.accountId(),
        platform,
        action.platformAccountId(),
        action.handle(),
        action.accessTokenEncrypted(),
        action.settingsJson());
  }
}

package dev.omnipost.gateway.inbox;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores inbox actions: the pending row and its {@link PerformInboxAction} command commit in one
 * transaction, so an accepted action always runs; reads them back within the caller's workspace and
 * brands.
 */
@Repository
class InboxActions {

  private final DatabaseClient db;
  private final ReactiveOutbox outbox;
  private final TransactionalOperator transactions;
  private final CloudEventCodec codec;

  InboxActions(
      DatabaseClient db,
      ReactiveOutbox outbox,
      TransactionalOperator gatewayTransactions,
      CloudEventCodec codec) {
    this.db = db;
    this.outbox = outbox;
    this.transactions = gatewayTransactions;
    this.codec = codec;
  }

  /** A comment an action may target, with what the checks need; empty: not the caller's. */
  Mono<TargetComment> comment(Caller caller, String commentId) {
    String sql =
        "SELECT c.id, c.account_id, c.platform, c.created_at, c.deleted_at, c.by_account,"
            + " a.status AS account_status FROM inbox_comments c JOIN accounts a ON a.id = c.account_id"
            + " WHERE c.workspace_id = :ws AND c.id = :id"
            + (caller.isBrandRestricted() ? " AND a.brand_id = ANY(:brands)" : "");
    DatabaseClient.GenericExecuteSpec query =
        db.sql(sql).bind("ws", caller.workspaceId()).bind("id", commentId);
    if (caller.isBrandRestricted()) {
      query = query.bind("brands", caller.brandIdArray());
    }
    return query
        .map(
            row -> {
              OffsetDateTime deleted = row.get("deleted_at", OffsetDateTime.class);
              return new TargetComment(
                  row.get("id", String.class),
                  row.get("account_id", String.class),
                  row.get("platform", String.class),
                  row.get("created_at", OffsetDateTime.class).toInstant(),
                  deleted == null ? null : deleted.toInstant(),
                  Boolean.TRUE.equals(row.get("by_account", Boolean.class)),
                  row.get("account_status", String.class));
            })
        .one();
  }

  /** Inserts the pending action and queues its command; answers the action's id. */
  Mono<String> request(Caller caller, TargetComment comment, CommentAction action, String text) {
    String id = Ids.newId("act");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                """
                INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id,
                    action, text)
                VALUES (:id, :ws, :account, :platform, 'comment', :item, :action, :text)
                """)
            .bind("id", id)
            .bind("ws", caller.workspaceId())
            .bind("account", comment.accountId())
            .bind("platform", comment.platform())
            .bind("item", comment.id())
            .bind("action", action.id());
    insert = text == null ? insert.bindNull("text", String.class) : insert.bind("text", text);
    PerformInboxAction command =
        new PerformInboxAction(id, caller.workspaceId(), comment.accountId());
    Mono<String> work =
        insert
            .fetch()
            .rowsUpdated()
            .then(
                outbox.append(
                    Topics.INBOX_ACTIONS,
                    comment.accountId(),
                    codec.wrap(command, caller.workspaceId(), id)))
            .thenReturn(id);
    return transactions.transactional(work);
  }

  /**
   * Inserts a pending action on any inbox item ({@code itemKind}: comment, conversation, review)
   * and queues its command, in one transaction; answers the action's id.
   */
  Mono<String> request(
      Caller caller,
      String accountId,
      String platform,
      String itemKind,
      String itemId,
      String action,
      String text) {
    String id = Ids.newId("act");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                """
                INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id,
                    action, text)
                VALUES (:id, :ws, :account, :platform, :kind, :item, :action, :text)
                """)
            .bind("id", id)
            .bind("ws", caller.workspaceId())
            .bind("account", accountId)
            .bind("platform", platform)
            .bind("kind", itemKind)
            .bind("item", itemId)
            .bind("action", action);
    insert = text == null ? insert.bindNull("text", String.class) : insert.bind("text", text);
    PerformInboxAction command = new PerformInboxAction(id, caller.workspaceId(), accountId);
    return transactions.transactional(
        insert
            .fetch()
            .rowsUpdated()
            .then(
                outbox.append(
                    Topics.INBOX_ACTIONS, accountId, codec.wrap(command, caller.workspaceId(), id)))
            .thenReturn(id));
  }

  /** The action if the caller may see it (a restricted key: only its brands' accounts'). */
  Mono<ActionView> find(Caller caller, String id) {
    String sql =
        "SELECT "
            + ActionView.COLUMNS
            + " FROM inbox_actions x WHERE x.workspace_id = :ws AND x.id = :id"
            + (caller.isBrandRestricted()
                ? " AND x.account_id IN (SELECT a.id FROM accounts a WHERE a.workspace_id = :ws"
                    + " AND a.brand_id = ANY(:brands))"
                : "");
    DatabaseClient.GenericExecuteSpec query =
        db.sql(sql).bind("ws", caller.workspaceId()).bind("id", id);
    if (caller.isBrandRestricted()) {
      query = query.bind("brands", caller.brandIdArray());
    }
    return query.map(ActionView::fromRow).one();
  }

  /** What the checks before an action need to know about its comment. */
  record TargetComment(
      String id,
      String accountId,
      String platform,
      Instant createdAt,
      Instant deletedAt,
      boolean byAccount,
      String accountStatus) {}
}

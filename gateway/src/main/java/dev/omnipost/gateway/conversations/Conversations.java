package dev.omnipost.gateway.conversations;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The SQL of the conversation routes, always within the caller's workspace and, for a key
 * restricted to brands, those brands' accounts: another tenant's conversation is simply not found.
 * A message to send is a pending {@code send_message} action stored with its {@link
 * PerformInboxAction} command in one transaction (ADR 0020).
 */
@Repository
class Conversations {

  private final DatabaseClient db;
  private final ReactiveOutbox outbox;
  private final TransactionalOperator transactions;
  private final CloudEventCodec codec;

  Conversations(
      DatabaseClient db,
      ReactiveOutbox outbox,
      TransactionalOperator gatewayTransactions,
      CloudEventCodec codec) {
    this.db = db;
    this.outbox = outbox;
    this.transactions = gatewayTransactions;
    this.codec = codec;
  }

  /** A page of conversations, the most recently active first. */
  Mono<List<ConversationView>> list(
      Caller caller, String accountId, String status, Instant since, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + ConversationView.COLUMNS
                + " FROM inbox_conversations v WHERE v.workspace_id = :ws");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ws", caller.workspaceId());
    brandFilter(caller, sql, params);
    if (accountId != null) {
      sql.append(" AND v.account_id = :account");
      params.put("account", accountId);
    }
    if (status != null) {
      sql.append(" AND v.status = :status");
      params.put("status", status);
    }
    if (since != null) {
      sql.append(" AND v.last_message_at >= :since");
      params.put("since", since.atOffset(ZoneOffset.UTC));
    }
    if (after != null) {
      sql.append(" AND (v.last_message_at, v.id) < (:afterTime, :afterId)");
      params.put("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY v.last_message_at DESC, v.id DESC LIMIT :limit");
    params.put("limit", limit + 1);
    return bind(sql.toString(), params).map(ConversationView::fromRow).all().collectList();
  }

  /** The conversation if the caller may see it. */
  Mono<ConversationView> find(Caller caller, String id) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + ConversationView.COLUMNS
                + " FROM inbox_conversations v WHERE v.workspace_id = :ws AND v.id = :id");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ws", caller.workspaceId());
    params.put("id", id);
    brandFilter(caller, sql, params);
    return bind(sql.toString(), params).map(ConversationView::fromRow).one();
  }

  /** A page of the conversation's messages, newest first. */
  Mono<List<MessageView>> messages(String conversationId, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + MessageView.COLUMNS
                + " FROM inbox_messages m WHERE m.conversation_id = :id");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("id", conversationId);
    if (after != null) {
      sql.append(" AND (m.created_at, m.id) < (:afterTime, :afterId)");
      params.put("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY m.created_at DESC, m.id DESC LIMIT :limit");
    params.put("limit", limit + 1);
    return bind(sql.toString(), params).map(MessageView::fromRow).all().collectList();
  }

  /** Marks every unread message of the conversation read; answers how many were unread. */
  Mono<Long> markRead(String conversationId) {
    return db.sql(
            "UPDATE inbox_messages SET read_at = now() WHERE conversation_id = :id AND read_at IS NULL")
        .bind("id", conversationId)
        .fetch()
        .rowsUpdated();
  }

  /** Sets the status and/or the assignee ({@code clearAssignee}: to null). */
  Mono<Long> update(String conversationId, String status, String assignee, boolean clearAssignee) {
    StringBuilder sql = new StringBuilder("UPDATE inbox_conversations SET updated_at = now()");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("id", conversationId);
    if (status != null) {
      sql.append(", status = :status");
      params.put("status", status);
    }
    if (clearAssignee) {
      sql.append(", assignee = NULL");
    } else if (assignee != null) {
      sql.append(", assignee = :assignee");
      params.put("assignee", assignee);
    }
    sql.append(" WHERE id = :id");
    return bind(sql.toString(), params).fetch().rowsUpdated();
  }

  /** The status of the conversation's account ({@code connected}, {@code expired}, …). */
  Mono<String> accountStatus(String accountId) {
    return db.sql("SELECT status FROM accounts WHERE id = :id")
        .bind("id", accountId)
        .map(row -> row.get("status", String.class))
        .one();
  }

  /** Inserts the pending {@code send_message} action and queues its command; answers its id. */
  Mono<String> requestSend(
      Caller caller, ConversationView conversation, String text, List<String> mediaIds) {
    String id = Ids.newId("act");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                """
                INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id,
                    action, text, media_ids)
                VALUES (:id, :ws, :account, :platform, 'conversation', :item, 'send_message', :text,
                    :media)
                """)
            .bind("id", id)
            .bind("ws", caller.workspaceId())
            .bind("account", conversation.accountId())
            .bind("platform", conversation.platform())
            .bind("item", conversation.id())
            .bind("media", mediaIds.toArray(String[]::new));
    insert = text == null ? insert.bindNull("text", String.class) : insert.bind("text", text);
    Mono<String> work =
        insert
            .fetch()
            .rowsUpdated()
            .then(
                outbox.append(
                    Topics.INBOX_ACTIONS,
                    conversation.accountId(),
                    codec.wrap(
                        new PerformInboxAction(id, caller.workspaceId(), conversation.accountId()),
                        caller.workspaceId(),
                        id)))
            .thenReturn(id);
    return transactions.transactional(work);
  }

  /** A media file an answer names: its type and size, if the caller may use it. */
  record MediaFile(String id, String contentType, long sizeBytes) {}

  /**
   * The caller's media files among {@code ids} (its brands' only, for a key restricted to brands),
   * by id.
   */
  Mono<Map<String, MediaFile>> media(Caller caller, List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.just(Map.of());
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, content_type, size_bytes FROM media WHERE workspace_id = :ws"
                + " AND id = ANY(:ids)");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ws", caller.workspaceId());
    params.put("ids", ids.toArray(String[]::new));
    if (caller.isBrandRestricted()) {
      sql.append(" AND brand_id = ANY(:brands)");
      params.put("brands", caller.brandIdArray());
    }
    return bind(sql.toString(), params)
        .map(
            row ->
                new MediaFile(
                    row.get("id", String.class),
                    row.get("content_type", String.class),
                    row.get("size_bytes", Long.class)))
        .all()
        .collectMap(MediaFile::id);
  }

  private DatabaseClient.GenericExecuteSpec bind(String sql, Map<String, Object> params) {
    DatabaseClient.GenericExecuteSpec query = db.sql(sql);
    for (Map.Entry<String, Object> param : params.entrySet()) {
      query = query.bind(param.getKey(), param.getValue());
    }
    return query;
  }

  private static void brandFilter(Caller caller, StringBuilder sql, Map<String, Object> params) {
    if (caller.isBrandRestricted()) {
      sql.append(
          " AND v.account_id IN (SELECT a.id FROM accounts a WHERE a.workspace_id = :ws"
              + " AND a.brand_id = ANY(:brands))");
      params.put("brands", caller.brandIdArray());
    }
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}

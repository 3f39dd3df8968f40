package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.inbox.PlatformMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of direct messages: a conversation per account and other party (created or refreshed as
 * messages arrive), each message stored once on {@code (account_id, platform_item_id)}.
 */
@Repository
class MessageStore {

  static final String KIND = "messages";

  private final JdbcClient jdbc;

  MessageStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The conversation of the account with the message's other party, created when new; what the
   * platform now says of the party and its thread id fills in what was unknown.
   */
  String conversation(String newId, SyncedAccount account, PlatformMessage message, Instant at) {
    PlatformMessage.Participant party = message.participant();
    return jdbc.sql(
            """
            INSERT INTO inbox_conversations (id, workspace_id, account_id, platform, participant_id,
                participant_handle, participant_name, platform_conversation_id, last_message_at)
            VALUES (:id, :ws, :account, :platform, :party, :handle, :name, :thread, :at)
            ON CONFLICT (account_id, participant_id) DO UPDATE SET
                participant_handle = COALESCE(EXCLUDED.participant_handle,
                    inbox_conversations.participant_handle),
                participant_name = COALESCE(EXCLUDED.participant_name,
                    inbox_conversations.participant_name),
                platform_conversation_id = COALESCE(EXCLUDED.platform_conversation_id,
                    inbox_conversations.platform_conversation_id)
            RETURNING id
            """)
        .param("id", newId)
        .param("ws", account.workspaceId())
        .param("account", account.id())
        .param("platform", account.platform())
        .param("party", party.id())
        .param("handle", blankToNull(party.handle()))
        .param("name", blankToNull(party.name()))
        .param("thread", message.platformConversationId())
        .param("at", Timestamp.from(at))
        .query(String.class)
        .single();
  }

  /** The new message's id; empty when it was stored already. */
  Optional<String> insertIfNew(
      String newId,
      String conversationId,
      SyncedAccount account,
      PlatformMessage message,
      String authorHandle,
      String authorName,
      Instant at) {
    Optional<String> id =
        jdbc.sql(
                """
                INSERT INTO inbox_messages (id, workspace_id, account_id, conversation_id, platform,
                    platform_item_id, author_id, author_handle, author_name, text, by_account,
                    created_at, read_at)
                VALUES (:id, :ws, :account, :conversation, :platform, :item, :authorId, :handle,
                    :name, :text, :byAccount, :at, CASE WHEN :byAccount THEN now() END)
                ON CONFLICT (account_id, platform_item_id) DO NOTHING
                RETURNING id
                """)
            .param("id", newId)
            .param("ws", account.workspaceId())
            .param("account", account.id())
            .param("conversation", conversationId)
            .param("platform", account.platform())
            .param("item", message.platformMessageId())
            .param("authorId", message.authorId())
            .param("handle", authorHandle)
            .param("name", authorName)
            .param("text", message.text() == null ? "" : message.text())
            .param("byAccount", message.fromAccount())
            .param("at", Timestamp.from(at))
            .query(String.class)
            .optional();
    id.ifPresent(stored -> touch(conversationId, at, !message.fromAccount()));
    return id;
  }

  /**
   * Moves the conversation's last message (and, for the other party's, the start of the reply
   * window) forward; a message from the other party reopens a closed conversation.
   */
  void touch(String conversationId, Instant at, boolean incoming) {
    jdbc.sql(
            """
            UPDATE inbox_conversations SET
                last_message_at = GREATEST(last_message_at, :at),
                last_incoming_at = CASE WHEN :incoming
                    THEN GREATEST(COALESCE(last_incoming_at, :at), :at) ELSE last_incoming_at END,
                status = CASE WHEN :incoming THEN 'open' ELSE status END,
                updated_at = now()
            WHERE id = :id
            """)
        .param("id", conversationId)
        .param("at", Timestamp.from(at))
        .param("incoming", incoming)
        .update();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

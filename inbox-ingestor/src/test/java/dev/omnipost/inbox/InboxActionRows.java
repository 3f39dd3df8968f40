package dev.omnipost.inbox;

import static org.awaitility.Awaitility.await;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the gateway does for an inbox action, for the tests that drive the inbox-ingestor without
 * it: the pending {@code inbox_actions} row and its {@code PerformInboxAction} command in one
 * transaction; and the row read back while the ingestor performs it.
 */
public final class InboxActionRows {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;

  public InboxActionRows(
      JdbcClient jdbc, TransactionTemplate transactions, JdbcOutbox outbox, CloudEventCodec codec) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
  }

  /** Queues {@code action} on a comment of the account; returns the action's id. */
  public String onComment(
      String platform,
      String workspace,
      String account,
      String commentId,
      String action,
      String text) {
    String id = Ids.newId("act");
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql(
                  """
                  INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text)
                  VALUES (:id, :ws, :account, :platform, 'comment', :item, :action, :text)
                  """)
              .param("id", id)
              .param("ws", workspace)
              .param("account", account)
              .param("platform", platform)
              .param("item", commentId)
              .param("action", action)
              .param("text", text)
              .update();
          outbox.append(
              Topics.INBOX_ACTIONS,
              account,
              codec.wrap(new PerformInboxAction(id, workspace, account), workspace, id));
        });
    return id;
  }

  public void awaitStatus(String actionId, String status) {
    await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(row(actionId).get("status")));
  }

  public Map<String, Object> row(String actionId) {
    return jdbc.sql("SELECT * FROM inbox_actions WHERE id = :id")
        .param("id", actionId)
        .query()
        .singleRow();
  }
}

package dev.omnipost.inbox.webhooks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a verified Account Activity delivery does: it names the subscribed user ({@code
 * for_user_id}), and that X account's inbox cursors are marked requested, so the next sync round
 * reads its mentions and replies at once (ahead of its pacing gap). The sync's own de-duplication
 * keeps each item once, however often X delivers.
 */
@Component
class XActivity {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  XActivity(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** False when the body is not an Account Activity payload; else how many cursors were nudged. */
  Integer receive(byte[] body) {
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
    JsonNode user = payload.get("for_user_id");
    if (user == null || !user.isValueNode() || user.asString().isBlank()) {
      return null;
    }
    return jdbc.sql(
            """
            UPDATE inbox_cursors c SET requested_at = now()
            FROM accounts a
            WHERE a.id = c.account_id AND a.platform = 'twitter' AND a.status = 'connected'
              AND a.platform_account_id = :user
            """)
        .param("user", user.asString())
        .update();
  }
}

package dev.omnipost.aiworker.generation;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ai-worker's reads and guarded writes of {@code ai_generations}. Every transition is {@code …
 * WHERE status = 'pending'}, so a redelivered request or a second worker changes nothing.
 */
@Repository
class GenerationRepository {

  private final JdbcClient jdbc;

  GenerationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<PendingGeneration> findPending(String id, String workspaceId) {
    return jdbc.sql(
            """
            SELECT id, workspace_id, kind, prompt, messages::text AS messages, platform, mode, tone, credits
            FROM ai_generations WHERE id = :id AND workspace_id = :ws AND status = 'pending'
            """)
        .param("id", id)
        .param("ws", workspaceId)
        .query(
            (rs, n) ->
                new PendingGeneration(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("kind"),
                    rs.getString("prompt"),
                    rs.getString("messages"),
                    rs.getString("platform"),
                    rs.getString("mode"),
                    rs.getString("tone"),
                    rs.getInt("credits")))
        .optional();
  }

  /** True when this call moved the row to completed. */
  boolean complete(String id, String content, String provider) {
    return jdbc.sql(
                """
                UPDATE ai_generations SET status = 'completed', content = :content, provider = :provider,
                       completed_at = now()
                WHERE id = :id AND status = 'pending'
                """)
            .param("id", id)
            .param("content", content)
            .param("provider", provider)
            .update()
        == 1;
  }

  /** True when this call moved the row to failed; only then may the credits be refunded. */
  boolean fail(String id, String provider, String errorCode, String errorMessage) {
    return jdbc.sql(
                """
                UPDATE ai_generations SET status = 'failed', provider = :provider, error_code = :code,
                       error_message = :message, completed_at = now()
                WHERE id = :id AND status = 'pending'
                """)
            .param("id", id)
            .param("provider", provider)
            .param("code", errorCode)
            .param("message", errorMessage)
            .update()
        == 1;
  }

  /**
   * Gives a failed generation's credits back to the monthly AI quota of the period the gateway
   * counted them in ({@code ai_generations.credits_period}); a refund after that month has ended
   * changes only that past month.
   */
  void refundCredits(String generationId) {
    jdbc.sql(
            """
            UPDATE workspace_usage u SET used = GREATEST(u.used - g.credits, 0), updated_at = now()
            FROM ai_generations g
            WHERE g.id = :id AND u.workspace_id = g.workspace_id
              AND u.quota = 'ai_credits_per_month' AND u.period = g.credits_period
            """)
        .param("id", generationId)
        .update();
  }
}

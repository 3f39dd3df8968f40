package dev.omnipost.aiworker.generation;

import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.SqlParameterValue;
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
            SELECT id, workspace_id, kind, tool, prompt, messages::text AS messages, platform, mode, tone,
                   item_count, image_width, image_height, credits
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
                    rs.getString("tool"),
                    rs.getString("prompt"),
                    rs.getString("messages"),
                    rs.getString("platform"),
                    rs.getString("mode"),
                    rs.getString("tone"),
                    rs.getInt("item_count"),
                    rs.getInt("image_width"),
                    rs.getInt("image_height"),
                    rs.getInt("credits")))
        .optional();
  }

  /**
   * True when this call moved the row to completed. An image's PNG waits in {@code image_png} for
   * the gateway, which stores it in the media library.
   */
  boolean complete(String id, GenerationResult result, String resultJson) {
    return jdbc.sql(
                """
                UPDATE ai_generations SET status = 'completed', content = :content,
                       result = CAST(:result AS jsonb), image_png = :png, provider = :provider,
                       completed_at = now()
                WHERE id = :id AND status = 'pending'
                """)
            .param("id", id)
            .param("content", new SqlParameterValue(Types.VARCHAR, result.content()))
            .param("result", new SqlParameterValue(Types.VARCHAR, resultJson))
            .param("png", new SqlParameterValue(Types.BINARY, result.png()))
            .param("provider", result.provider())
            .update()
        == 1;
  }

  /** A generation this call failed: what its event and metrics need. */
  record Failed(int credits, String kind, String tool) {}

  /**
   * The failed generation when this call moved the row to failed; empty when it was not pending any
   * more. Only a generation this call failed may be refunded.
   */
  Optional<Failed> fail(String id, String provider, String errorCode, String errorMessage) {
    return jdbc.sql(
            """
            UPDATE ai_generations SET status = 'failed', provider = COALESCE(:provider, provider),
                   error_code = :code, error_message = :message, completed_at = now()
            WHERE id = :id AND status = 'pending'
            RETURNING credits, kind, tool
            """)
        .param("id", id)
        .param("provider", new SqlParameterValue(Types.VARCHAR, provider))
        .param("code", errorCode)
        .param("message", errorMessage)
        .query(
            (rs, n) -> new Failed(rs.getInt("credits"), rs.getString("kind"), rs.getString("tool")))
        .optional();
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

  /** A generation the sweeper gives up on: id, workspace, credits. */
  record Stale(String id, String workspaceId, int credits) {}

  /**
   * Pending generations older than {@code age}, locked for this transaction; a second sweeper skips
   * them.
   */
  List<Stale> lockStale(Duration age, int limit) {
    return jdbc.sql(
            """
            SELECT id, workspace_id, credits FROM ai_generations
            WHERE status = 'pending' AND created_at < now() - make_interval(secs => :seconds)
            ORDER BY created_at LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
        .param("seconds", age.toMillis() / 1000.0)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Stale(rs.getString("id"), rs.getString("workspace_id"), rs.getInt("credits")))
        .list();
  }
}

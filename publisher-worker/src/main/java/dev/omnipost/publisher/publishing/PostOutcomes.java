package dev.omnipost.publisher.publishing;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.DomainEvent;
import dev.omnipost.events.posts.PostFailed;
import dev.omnipost.events.posts.PostPartiallyPublished;
import dev.omnipost.events.posts.PostPublished;
import dev.omnipost.events.posts.TargetOutcome;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.posts.PostStatus;
import dev.omnipost.persistence.posts.TargetStatus;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Derives a post's status from its targets after one of them settled, and announces the post's
 * outcome exactly once. The post row is locked {@code FOR UPDATE} first, so when two targets settle
 * at the same moment one transaction waits for the other and sees its result: never both and never
 * neither emit the outcome. Call inside the transaction that settled the target.
 */
public class PostOutcomes {

  private final JdbcClient jdbc;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;

  public PostOutcomes(JdbcClient jdbc, JdbcOutbox outbox, CloudEventCodec codec) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.codec = codec;
  }

  public void settle(String postId, String workspaceId) {
    String current =
        jdbc.sql("SELECT status FROM posts WHERE id = :id AND workspace_id = :ws FOR UPDATE")
            .param("id", postId)
            .param("ws", workspaceId)
            .query(String.class)
            .single();
    List<TargetRow> targets =
        jdbc.sql(
                "SELECT account_id, platform, status, platform_post_id, permalink, error_code,"
                    + " error_message FROM post_targets WHERE post_id = :id ORDER BY created_at, id")
            .param("id", postId)
            .query(
                (rs, i) ->
                    new TargetRow(
                        TargetStatus.fromId(rs.getString("status")),
                        new TargetOutcome(
                            rs.getString("account_id"),
                            rs.getString("platform"),
                            rs.getString("status"),
                            rs.getString("platform_post_id"),
                            rs.getString("permalink"),
                            rs.getString("error_code"),
                            rs.getString("error_message"))))
            .list();
    PostStatus next = PostStatus.fromTargets(targets.stream().map(TargetRow::status).toList());
    if (next.id().equals(current)) {
      return;
    }
    jdbc.sql("UPDATE posts SET status = :status, updated_at = now() WHERE id = :id")
        .param("status", next.id())
        .param("id", postId)
        .update();
    if (next.isOutcome()) {
      List<TargetOutcome> outcomes = targets.stream().map(TargetRow::outcome).toList();
      outbox.publishEvent(codec.wrap(outcomeEvent(postId, next, outcomes), workspaceId, postId));
    }
  }

  private static DomainEvent outcomeEvent(
      String postId, PostStatus status, List<TargetOutcome> outcomes) {
    return switch (status) {
      case PUBLISHED -> new PostPublished(postId, status.id(), outcomes);
      case PARTIALLY_PUBLISHED -> new PostPartiallyPublished(postId, status.id(), outcomes);
      case FAILED -> new PostFailed(postId, status.id(), outcomes);
      default -> throw new IllegalArgumentException("not an outcome: " + status);
    };
  }

  private record TargetRow(TargetStatus status, TargetOutcome outcome) {}
}

package dev.omnipost.publisher.scheduling;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeleteTarget;
import dev.omnipost.events.commands.PublishTarget;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.outbox.OutboxMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due post targets, and publishing targets whose next step fell due ({@code next_check_at}),
 * and turns each into one {@link PublishTarget} command. A target claimed from {@code queued} or
 * {@code scheduled} (new, or re-queued by a person's retry) starts its steps afresh: any step
 * state, attempt marker and failure count of an earlier publish are cleared. The claim, the posts'
 * move to {@code publishing} and the commands commit in one transaction, so a target is either
 * claimed with its command on the way or not claimed at all. Delete retries of unpublished targets
 * ({@code delete_next_at}) are claimed the same way and sent as {@link DeleteTarget} commands.
 * {@code FOR UPDATE SKIP LOCKED} lets any number of instances claim side by side without ever
 * taking the same target twice.
 *
 * <p>What is due is decided by the worker's {@link Clock} (the system's, unless the context has
 * one), not by the database's {@code now()}, so a test can run the stack at a chosen instant, such
 * as the night a time zone's clocks change.
 */
public class DueTargetClaimer {

  private static final String CLAIM =
      """
      UPDATE post_targets SET status = 'publishing', claimed_at = now(), updated_at = now(),
        step_state = NULL, step_attempt = NULL, step_attempt_at = NULL, lease_until = NULL,
        next_check_at = NULL, transient_failures = 0
      WHERE id IN (SELECT id FROM post_targets
                   WHERE status IN ('queued', 'scheduled') AND due_at <= :now
                   ORDER BY due_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, post_id, account_id, workspace_id, due_at AS at, created_at,
        (SELECT traceparent FROM posts p WHERE p.id = post_targets.post_id) AS traceparent
      """;

  /** Targets whose next step fell due (a platform still processing, a retry, a paced step). */
  private static final String CLAIM_WAITING =
      """
      UPDATE post_targets SET next_check_at = NULL, claimed_at = now(), updated_at = now()
      WHERE id IN (SELECT id FROM post_targets
                   WHERE status = 'publishing' AND next_check_at <= :now
                   ORDER BY next_check_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, post_id, account_id, workspace_id, CAST(:now AS timestamptz) AS at, created_at,
        (SELECT traceparent FROM posts p WHERE p.id = post_targets.post_id) AS traceparent
      """;

  /** Published targets whose delete retry fell due (unpublish after a transient failure). */
  private static final String CLAIM_DELETES =
      """
      UPDATE post_targets SET delete_next_at = NULL, updated_at = now()
      WHERE id IN (SELECT id FROM post_targets
                   WHERE status = 'published' AND delete_next_at <= :now
                   ORDER BY delete_next_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, post_id, account_id, workspace_id,
        (SELECT traceparent FROM posts p WHERE p.id = post_targets.post_id) AS traceparent
      """;

  private static final String POSTS_PUBLISHING =
      "UPDATE posts SET status = 'publishing', updated_at = now()"
          + " WHERE id IN (:ids) AND status NOT IN ('publishing', 'canceled')";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final Counter claimed;
  private final Timer lateness;
  private final Clock clock;

  public DueTargetClaimer(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      MeterRegistry meterRegistry) {
    this(jdbc, transactions, outbox, codec, meterRegistry, Clock.systemUTC());
  }

  public DueTargetClaimer(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      MeterRegistry meterRegistry,
      Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
    this.claimed =
        Counter.builder("omnipost.publisher.targets.claimed")
            .description("Due post targets claimed by the scheduler")
            .register(meterRegistry);
    this.lateness =
        Timer.builder("omnipost.publisher.scheduler.lateness")
            .description("How long after its due time a queued or scheduled target was claimed")
            .publishPercentileHistogram()
            .register(meterRegistry);
  }

  /** Claims up to {@code batchSize} due targets; returns how many it claimed. */
  public int claimDueTargets(int batchSize) {
    Integer count = transactions.execute(status -> claimInTransaction(batchSize));
    return count == null ? 0 : count;
  }

  private int claimInTransaction(int batchSize) {
    Instant now = clock.instant();
    List<Claimed> dueClaims = claim(CLAIM, batchSize, now);
    for (Claimed claim : dueClaims) {
      Duration late = Duration.between(claim.at(), now);
      lateness.record(late.isNegative() ? Duration.ZERO : late);
    }
    List<PublishTarget> due = dueClaims.stream().map(Claimed::command).toList();
    List<Claimed> commands = new ArrayList<>(dueClaims);
    if (due.size() < batchSize) {
      commands.addAll(claim(CLAIM_WAITING, batchSize - due.size(), now));
    }
    List<ClaimedDelete> deletes =
        commands.size() < batchSize ? claimDeletes(batchSize - commands.size(), now) : List.of();
    if (commands.isEmpty() && deletes.isEmpty()) {
      return 0;
    }
    if (!due.isEmpty()) {
      jdbc.sql(POSTS_PUBLISHING)
          .param("ids", due.stream().map(PublishTarget::postId).distinct().toList())
          .update();
    }
    // each command continues the trace of the request that created its post (ADR 26)
    outbox.appendAll(
        commands.stream()
            .map(
                claim ->
                    OutboxMessage.to(
                            Topics.PUBLISH_COMMANDS,
                            claim.command().accountId(),
                            codec.wrap(
                                claim.command(),
                                claim.command().workspaceId(),
                                claim.command().targetId()))
                        .withTraceparent(claim.traceparent()))
            .toList());
    outbox.appendAll(
        deletes.stream()
            .map(
                claim ->
                    OutboxMessage.to(
                            Topics.PUBLISH_COMMANDS,
                            claim.command().accountId(),
                            codec.wrap(
                                claim.command(),
                                claim.command().workspaceId(),
                                claim.command().targetId()))
                        .withTraceparent(claim.traceparent()))
            .toList());
    claimed.increment(commands.size());
    return commands.size() + deletes.size();
  }

  private record ClaimedDelete(DeleteTarget command, String traceparent) {}

  private List<ClaimedDelete> claimDeletes(int batchSize, Instant now) {
    return jdbc.sql(CLAIM_DELETES)
        .param("batch", batchSize)
        .param("now", at(now))
        .query(
            (rs, i) ->
                new ClaimedDelete(
                    new DeleteTarget(
                        rs.getString("id"),
                        rs.getString("post_id"),
                        rs.getString("account_id"),
                        rs.getString("workspace_id")),
                    rs.getString("traceparent")))
        .list();
  }

  /**
   * Runs a claim and returns its commands in the order the targets fell due (then were created):
   * {@code UPDATE … RETURNING} answers in no particular order, and the order of the commands in the
   * outbox is the order each account's posts are published in.
   */
  private List<Claimed> claim(String sql, int batchSize, Instant now) {
    return jdbc
        .sql(sql)
        .param("batch", batchSize)
        .param("now", at(now))
        .query(this::claimed)
        .list()
        .stream()
        .sorted(
            Comparator.comparing(Claimed::at)
                .thenComparing(Claimed::createdAt)
                .thenComparing(c -> c.command().targetId()))
        .toList();
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private Claimed claimed(ResultSet rs, int row) throws SQLException {
    return new Claimed(
        new PublishTarget(
            rs.getString("id"),
            rs.getString("post_id"),
            rs.getString("account_id"),
            rs.getString("workspace_id")),
        rs.getTimestamp("at").toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("traceparent"));
  }

  private record Claimed(
      PublishTarget command, Instant at, Instant createdAt, String traceparent) {}

  /**
   * Milliseconds until the next waiting target falls due, or -1 if none is waiting. Targets already
   * due are left out: if one is still waiting, another instance holds its lock and will claim it.
   */
  long millisUntilNextDue() {
    Long millis =
        jdbc.sql(
                """
                SELECT CAST(EXTRACT(EPOCH FROM (min(at) - CAST(:now AS timestamptz))) * 1000 AS bigint) FROM (
                  SELECT min(due_at) AS at FROM post_targets
                  WHERE status IN ('queued', 'scheduled') AND due_at > :now
                  UNION ALL
                  SELECT min(next_check_at) FROM post_targets
                  WHERE status = 'publishing' AND next_check_at > :now
                  UNION ALL
                  SELECT min(delete_next_at) FROM post_targets
                  WHERE status = 'published' AND delete_next_at > :now) AS next
                """)
            .param("now", at(clock.instant()))
            .query(Long.class)
            .optional()
            .orElse(null);
    return millis == null ? -1 : Math.max(0, millis);
  }
}

package dev.omnipost.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the hardware allows for (a): the rows one accepted scheduled post leaves in PostgreSQL (the
 * post, its target, its {@code post.created} outbox row and event-log row) written by plain JDBC
 * transactions from the bench, one per post, on a pool of as many connections as the gateway run
 * had. The outbox rows are real events of real bench accounts, relayed like the gateway's.
 */
final class RawInsertBaseline implements AutoCloseable {

  private static final String INSERT_POST =
      "WITH post AS (INSERT INTO posts (id, workspace_id, status, text, media_ids, overrides,"
          + " platform_options, scheduled_at, created_at, updated_at)"
          + " VALUES (?, ?, 'scheduled', ?, '{}', '{}'::jsonb, '{}'::jsonb, ?, now(), now()))"
          + " INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status,"
          + " text, media_ids, due_at, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, 'mastodon', 'scheduled', ?, '{}', ?, now(), now())";

  private final HikariDataSource dataSource;
  private final JdbcClient jdbc;
  private final JdbcOutbox outbox;
  private final TransactionTemplate transactions;
  private final ExecutorService threads;
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final CloudEventCodec codec = new CloudEventCodec("/omnipost/bench");
  private final Timestamp farFuture =
      Timestamp.from(Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));

  RawInsertBaseline(String jdbcUrl, int connections) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setPassword("postgres");
    config.setMaximumPoolSize(connections);
    config.setMinimumIdle(connections);
    this.dataSource = new HikariDataSource(config);
    this.jdbc = JdbcClient.create(dataSource);
    this.outbox = new JdbcOutbox(jdbc);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.threads = Executors.newFixedThreadPool(connections);
  }

  /** Writes one post of {@code account} in {@code workspace}, as the gateway would store it. */
  CompletableFuture<Boolean> insert(String workspaceId, String accountId, long i) {
    return CompletableFuture.supplyAsync(
            () -> {
              String postId = Ids.newId("post");
              CloudEvent event =
                  codec.wrap(
                      new PostCreated(
                          postId, "scheduled", List.of(accountId), farFuture.toInstant()),
                      workspaceId,
                      postId);
              transactions.executeWithoutResult(
                  status -> {
                    jdbc.sql(INSERT_POST)
                        .params(
                            postId,
                            workspaceId,
                            "Baseline post " + i,
                            farFuture,
                            Ids.newId("tgt"),
                            workspaceId,
                            postId,
                            accountId,
                            "Baseline post " + i,
                            farFuture)
                        .update();
                    outbox.publishEvent(event);
                  });
              return true;
            },
            threads)
        .exceptionally(
            error -> {
              if (firstFailure.compareAndSet(null, error)) {
                System.err.println("raw JDBC insert failed: " + error.getCause());
              }
              return false;
            });
  }

  @Override
  public void close() {
    threads.shutdownNow();
    dataSource.close();
  }
}

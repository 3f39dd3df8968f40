package dev.omnipost.gateway.db;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The R2DBC pool, bounded by {@link DatabaseLiveness} (ADR 0032): while PostgreSQL answers nothing,
 * no request waits for it.
 *
 * <ul>
 *   <li>A connection is not handed out while the database is silent (the request answers 503 at
 *       once), and an acquisition under way when it falls silent fails.
 *   <li>When it falls silent, every connection with a round trip in flight is <em>discarded</em>:
 *       its socket is closed, which fails that round trip (the driver fails whatever waits on a
 *       closed connection) and every later use of it, so Spring's rollback fails fast and the pool
 *       invalidates it instead of lending it again. PostgreSQL rolls back the open transaction of a
 *       closed connection, so nothing half-done commits, and no later transaction can run on a
 *       connection whose earlier answers are still owed (what broke transactions when a
 *       per-statement client timeout cut round trips and returned their connections to the pool,
 *       ADR 25).
 * </ul>
 *
 * <p>Nothing is cut for being slow: PostgreSQL's {@code statement_timeout} and {@code lock_timeout}
 * still end slow and blocked statements, which leaves the connection in a known state.
 */
public final class LivenessBoundConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable, Closeable {

  /** How long a round trip may outlive its discarded connection before it is failed here. */
  private static final Duration GRACE = Duration.ofMillis(200);

  private final ConnectionFactory pool;
  private final DatabaseLiveness liveness;

  public LivenessBoundConnectionFactory(ConnectionFactory pool, DatabaseLiveness liveness) {
    this.pool = pool;
    this.liveness = liveness;
  }

  public DatabaseLiveness liveness() {
    return liveness;
  }

  @Override
  public Mono<Connection> create() {
    return Mono.defer(
        () -> {
          if (!liveness.answering()) {
            return Mono.error(silent("a connection"));
          }
          return Mono.from(pool.create())
              .takeUntilOther(liveness.lost().then(Mono.error(() -> silent("a connection"))))
              .<Connection>map(BoundedConnection::new);
        });
  }

  private R2dbcTimeoutException silent(String what) {
    return new DatabaseSilentException(
        "PostgreSQL answers nothing (no probe answered within "
            + liveness.timeout()
            + "); "
            + what
            + " was given up");
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return pool.getMetadata();
  }

  @Override
  public ConnectionFactory unwrap() {
    return pool;
  }

  @Override
  public void dispose() {
    liveness.dispose();
    if (pool instanceof Disposable disposable) {
      disposable.dispose();
    }
  }

  @Override
  public boolean isDisposed() {
    return pool instanceof Disposable disposable && disposable.isDisposed();
  }

  @Override
  public Publisher<Void> close() {
    return Mono.fromRunnable(this::dispose);
  }

  /** A round trip given up because PostgreSQL answers nothing: answered 503 like any timeout. */
  public static final class DatabaseSilentException extends R2dbcTimeoutException {
    DatabaseSilentException(String message) {
      super(message);
    }
  }

  /** A pooled connection whose round trips end when the database falls silent. */
  private final class BoundedConnection implements Connection, Wrapped<Connection> {

    private final Connection pooled;
    private final AtomicBoolean discarded = new AtomicBoolean();

    BoundedConnection(Connection pooled) {
      this.pooled = pooled;
    }

    /** Closes the socket under the pooled connection, so it can never be used again. */
    private void discard() {
      if (discarded.compareAndSet(false, true)) {
        Connection physical =
            pooled instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner
                ? inner
                : pooled;
        DatabaseLiveness.closeQuietly(physical);
      }
    }

    private <T> Flux<T> bounded(Publisher<T> source, String what) {
      return Flux.defer(
          () -> {
            if (discarded.get()) {
              return Flux.error(silent(what));
            }
            return Flux.from(source)
                .takeUntilOther(
                    liveness
                        .lost()
                        .doOnSuccess(ignored -> discard())
                        .then(Mono.delay(GRACE))
                        .then(Mono.error(() -> silent(what))));
          });
    }

    private Mono<Void> boundedVoid(Publisher<Void> source, String what) {
      return bounded(source, what).then();
    }

    @Override
    public Connection unwrap() {
      return pooled;
    }

    @Override
    public Publisher<Void> beginTransaction() {
      return boundedVoid(pooled.beginTransaction(), "BEGIN");
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
      return boundedVoid(pooled.beginTransaction(definition), "BEGIN");
    }

    /**
     * Returns the connection to the pool, never cut midway (that would leak its slot): if the
     * database falls silent meanwhile, the socket is closed, which ends the pool's clean-up and
     * makes the pool drop the connection.
     */
    @Override
    public Publisher<Void> close() {
      return Mono.defer(
          () -> {
            Disposable watch = liveness.lost().subscribe(null, null, this::discard);
            return Mono.from(pooled.close()).doFinally(signal -> watch.dispose());
          });
    }

    @Override
    public Publisher<Void> commitTransaction() {
      return boundedVoid(pooled.commitTransaction(), "COMMIT");
    }

    @Override
    public Batch createBatch() {
      Batch batch = pooled.createBatch();
      return new Batch() {
        @Override
        public Batch add(String sql) {
          batch.add(sql);
          return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
          return bounded(batch.execute(), "a batch")
              .map(result -> new BoundedResult(BoundedConnection.this, result));
        }
      };
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
      return boundedVoid(pooled.createSavepoint(name), "SAVEPOINT");
    }

    @Override
    public Statement createStatement(String sql) {
      return new BoundedStatement(this, pooled.createStatement(sql));
    }

    @Override
    public boolean isAutoCommit() {
      return pooled.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
      return pooled.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
      return pooled.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
      return boundedVoid(pooled.releaseSavepoint(name), "RELEASE SAVEPOINT");
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
      return boundedVoid(pooled.rollbackTransaction(), "ROLLBACK");
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
      return boundedVoid(pooled.rollbackTransactionToSavepoint(name), "ROLLBACK TO SAVEPOINT");
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
      return boundedVoid(pooled.setAutoCommit(autoCommit), "SET");
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
      return boundedVoid(pooled.setLockWaitTimeout(timeout), "SET");
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
      return boundedVoid(pooled.setStatementTimeout(timeout), "SET");
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
      return boundedVoid(pooled.setTransactionIsolationLevel(level), "SET");
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
      return bounded(pooled.validate(depth), "a validation");
    }
  }

  private static final class BoundedStatement implements Statement {

    private final BoundedConnection connection;
    private final Statement statement;

    BoundedStatement(BoundedConnection connection, Statement statement) {
      this.connection = connection;
      this.statement = statement;
    }

    @Override
    public Statement add() {
      statement.add();
      return this;
    }

    @Override
    public Statement bind(int index, Object value) {
      statement.bind(index, value);
      return this;
    }

    @Override
    public Statement bind(String name, Object value) {
      statement.bind(name, value);
      return this;
    }

    @Override
    public Statement bindNull(int index, Class<?> type) {
      statement.bindNull(index, type);
      return this;
    }

    @Override
    public Statement bindNull(String name, Class<?> type) {
      statement.bindNull(name, type);
      return this;
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
      statement.returnGeneratedValues(columns);
      return this;
    }

    @Override
    public Statement fetchSize(int rows) {
      statement.fetchSize(rows);
      return this;
    }

    @Override
    public Publisher<? extends Result> execute() {
      return connection
          .bounded(statement.execute(), "a statement")
          .map(result -> new BoundedResult(connection, result));
    }
  }

  private static final class BoundedResult implements Result {

    private final BoundedConnection connection;
    private final Result result;

    BoundedResult(BoundedConnection connection, Result result) {
      this.connection = connection;
      this.result = result;
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
      return connection.bounded(result.getRowsUpdated(), "a statement");
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
      return connection.bounded(result.map(mapping), "a statement");
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
      return new BoundedResult(connection, result.filter(filter));
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
      return connection.bounded(result.flatMap(mapping), "a statement");
    }
  }
}

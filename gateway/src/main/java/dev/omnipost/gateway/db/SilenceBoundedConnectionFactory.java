package dev.omnipost.gateway.db;

import io.r2dbc.spi.Batch;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * Every round trip to PostgreSQL through R2DBC fails with an {@link R2dbcTimeoutException} when the
 * server says nothing for longer than a bound. PostgreSQL's own {@code statement_timeout} and
 * {@code lock_timeout} end slow and blocked statements, but a server that stopped answering at all
 * (paused, a dead network path) would hold the request until it returns; this bounds that
 * client-side, so the request answers 503 (ADR 0025). A statement that is meant to wait longer (the
 * idempotency key's lock wait) says so in its Reactor context with {@link #allowing}.
 */
public final class SilenceBoundedConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable, AutoCloseable {

  private static final String ALLOWED_SILENCE = SilenceBoundedConnectionFactory.class.getName();

  private final ConnectionFactory delegate;
  private final Duration silence;

  public SilenceBoundedConnectionFactory(ConnectionFactory delegate, Duration silence) {
    this.delegate = delegate;
    this.silence = silence;
  }

  /** A context for a statement that may legitimately stay silent for {@code silence}. */
  public static Function<Context, Context> allowing(Duration silence) {
    return context -> context.put(ALLOWED_SILENCE, silence);
  }

  @Override
  public Publisher<? extends Connection> create() {
    return Flux.from(delegate.create()).map(BoundedConnection::new);
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return delegate.getMetadata();
  }

  @Override
  public ConnectionFactory unwrap() {
    return delegate;
  }

  /** Closes the pool inside when the context closes (its destroy method is called on this). */
  @Override
  public void dispose() {
    if (delegate instanceof Disposable disposable) {
      disposable.dispose();
    }
  }

  @Override
  public boolean isDisposed() {
    return delegate instanceof Disposable disposable && disposable.isDisposed();
  }

  @Override
  public void close() {
    dispose();
  }

  private <T> Flux<T> bounded(Publisher<T> source, String what) {
    return Flux.deferContextual(
        context -> {
          Duration bound = context.getOrDefault(ALLOWED_SILENCE, silence);
          return Flux.from(source)
              .timeout(
                  bound,
                  Flux.error(
                      () ->
                          new R2dbcTimeoutException(
                              "PostgreSQL did not answer " + what + " within " + bound)));
        });
  }

  private final class BoundedConnection implements Connection, Wrapped<Connection> {

    private final Connection connection;

    BoundedConnection(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection unwrap() {
      return connection;
    }

    @Override
    public Publisher<Void> beginTransaction() {
      return bounded(connection.beginTransaction(), "BEGIN");
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
      return bounded(connection.beginTransaction(definition), "BEGIN");
    }

    @Override
    public Publisher<Void> close() {
      return bounded(connection.close(), "a release");
    }

    @Override
    public Publisher<Void> commitTransaction() {
      return bounded(connection.commitTransaction(), "COMMIT");
    }

    @Override
    public Batch createBatch() {
      Batch batch = connection.createBatch();
      return new Batch() {
        @Override
        public Batch add(String sql) {
          batch.add(sql);
          return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
          return bounded(batch.execute(), "a batch").map(BoundedResult::new);
        }
      };
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
      return bounded(connection.createSavepoint(name), "SAVEPOINT");
    }

    @Override
    public Statement createStatement(String sql) {
      return new BoundedStatement(connection.createStatement(sql));
    }

    @Override
    public boolean isAutoCommit() {
      return connection.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
      return connection.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
      return connection.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
      return bounded(connection.releaseSavepoint(name), "RELEASE SAVEPOINT");
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
      return bounded(connection.rollbackTransaction(), "ROLLBACK");
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
      return bounded(connection.rollbackTransactionToSavepoint(name), "ROLLBACK TO SAVEPOINT");
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
      return bounded(connection.setAutoCommit(autoCommit), "SET");
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
      return bounded(connection.setLockWaitTimeout(timeout), "SET");
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
      return bounded(connection.setStatementTimeout(timeout), "SET");
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
      return bounded(connection.setTransactionIsolationLevel(level), "SET");
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
      return bounded(connection.validate(depth), "a validation");
    }
  }

  private final class BoundedStatement implements Statement {

    private final Statement statement;

    BoundedStatement(Statement statement) {
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
      return bounded(statement.execute(), "a statement").map(BoundedResult::new);
    }
  }

  private final class BoundedResult implements Result {

    private final Result result;

    BoundedResult(Result result) {
      this.result = result;
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
      return bounded(result.getRowsUpdated(), "a statement");
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
      return bounded(result.map(mapping), "a statement");
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
      return new BoundedResult(result.filter(filter));
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
      return bounded(result.flatMap(mapping), "a statement");
    }
  }
}

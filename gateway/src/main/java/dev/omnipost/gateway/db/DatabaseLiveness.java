package dev.omnipost.gateway.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Whether PostgreSQL answers at all, asked every {@code interval} with a {@code SELECT 1} on a
 * connection of its own (never one of the pool's, so a pool held by stuck requests cannot make it
 * look silent). A probe that brings no answer within {@code timeout} marks the database silent: the
 * signal of {@link #lost()} fires, and it stays silent until a probe is answered again (ADR 0032).
 * Only after a first answered probe: until then a server that cannot be reached fails on the pool's
 * own connect and acquisition bounds.
 *
 * <p>It tells apart what PostgreSQL's own timeouts cannot: a server that is busy or blocked still
 * answers the probe (its {@code statement_timeout} and {@code lock_timeout} end the slow
 * statement), while a paused server or a dead network path answers nothing on any connection.
 */
public final class DatabaseLiveness implements Disposable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseLiveness.class);

  private final ConnectionFactory direct;
  private final Duration timeout;
  private final AtomicReference<Sinks.Empty<Void>> lost = new AtomicReference<>(Sinks.empty());
  private final Disposable loop;
  private volatile boolean answering = true;
  // silence counts only once a probe was answered: the first connection of a JVM still starting up
  // may take longer than the timeout (an unreachable server fails on the pool's own bounds)
  private volatile boolean armed;
  // used by the probe loop only, one probe at a time
  private volatile Connection probe;

  /**
   * Starts probing through {@code direct} (a factory that opens a new connection per call, not a
   * pool).
   */
  public DatabaseLiveness(ConnectionFactory direct, Duration interval, Duration timeout) {
    this.direct = direct;
    this.timeout = timeout;
    this.loop =
        Flux.defer(() -> probeOnce().then(Mono.delay(interval)))
            .repeat()
            .subscribe(null, failure -> log.error("PostgreSQL probe loop ended", failure));
  }

  /** False from a probe that went unanswered until the next answered one. */
  public boolean answering() {
    return answering;
  }

  /**
   * Completes when PostgreSQL is found silent: at once if it is silent now, else at the next probe
   * that goes unanswered.
   */
  public Mono<Void> lost() {
    return Mono.defer(() -> lost.get().asMono());
  }

  public Duration timeout() {
    return timeout;
  }

  private Mono<Void> probeOnce() {
    return Mono.defer(
            () -> probe != null ? Mono.just(probe) : Mono.from(direct.create()).doOnNext(this::use))
        .flatMapMany(connection -> connection.createStatement("SELECT 1").execute())
        .flatMap(result -> result.map((row, metadata) -> 1))
        .then()
        .timeout(timeout)
        .doOnSuccess(ignored -> answered())
        .onErrorResume(
            failure -> {
              silent(failure);
              return Mono.empty();
            });
  }

  private void use(Connection connection) {
    probe = connection;
  }

  private void answered() {
    armed = true;
    if (!answering) {
      lost.set(Sinks.empty());
      answering = true;
      log.info("PostgreSQL answers again; requests are served");
    }
  }

  private void silent(Throwable failure) {
    Connection stale = probe;
    probe = null;
    if (stale != null) {
      closeQuietly(stale);
    }
    if (answering && armed) {
      answering = false;
      lost.get().tryEmitEmpty();
      log.warn(
          "PostgreSQL did not answer a probe within {} ({}): requests answer 503 until it does",
          timeout,
          failure.toString());
    }
  }

  /**
   * Closes a connection and lets the close run to its end, however long that takes: it is never cut
   * short. The driver marks its client closed as soon as the close starts, and only closes the
   * socket once its goodbye ({@code Terminate}) is written; a close cancelled in between (a timeout
   * on a starved machine, when the write waits for the event loop) leaves a client that refuses
   * every use while its socket, and the server's session, stay open for good. (Chaos scenario 3 on
   * a starved machine: one false alarm of this probe, after which every pooled connection stayed
   * lent and the gateway answered 503 until restarted; this was the one place that cut a close.) A
   * paused server does not hold the close up: the goodbye goes into the socket's send buffer.
   */
  static void closeQuietly(Connection connection) {
    Mono.from(connection.close()).onErrorResume(ignored -> Mono.empty()).subscribe();
  }

  @Override
  public void dispose() {
    loop.dispose();
    Connection stale = probe;
    if (stale != null) {
      closeQuietly(stale);
    }
  }

  @Override
  public boolean isDisposed() {
    return loop.isDisposed();
  }
}

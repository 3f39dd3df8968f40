package dev.omnipost.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.r2dbc.spi.Connection;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A discarded connection's close runs to its end, however slow: the driver closes its socket only
 * at the end of its close, so a close cut short leaves the socket and the server's session open
 * while the client refuses every use.
 */
class DatabaseLivenessCloseTests {

  @Test
  void aSlowCloseIsNeverCutShort() {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    Mono<Void> slowClose =
        Mono.delay(Duration.ofMillis(1500))
            .doOnCancel(() -> cancelled.set(true))
            .doOnSuccess(ignored -> finished.set(true))
            .then();

    DatabaseLiveness.closeQuietly(connectionClosingWith(slowClose));

    await().atMost(Duration.ofSeconds(10)).untilTrue(finished);
    assertThat(cancelled).isFalse();
  }

  private static Connection connectionClosingWith(Mono<Void> close) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                return close;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}

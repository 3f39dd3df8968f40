package dev.omnipost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoadTests {

  @Test
  void countsQueueingBehindASlowServerInTheLatency() {
    ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();
    // one connection and a server that takes 20 ms: requests due every 5 ms must queue
    OpenLoad.Result result =
        OpenLoad.run(
            200,
            Duration.ofMillis(500),
            1,
            i -> {
              CompletableFuture<Boolean> done = new CompletableFuture<>();
              server.schedule(() -> done.complete(true), 20, TimeUnit.MILLISECONDS);
              return done;
            });
    server.shutdown();

    assertThat(result.offered()).isEqualTo(100);
    assertThat(result.succeeded()).isEqualTo(100);
    // a closed-loop tool would report ~20 ms; the last request waited for ~99 ahead of it
    assertThat(result.percentileMillis(99)).isGreaterThan(1000);
  }

  @Test
  void reportsFailuresSeparately() {
    OpenLoad.Result result =
        OpenLoad.run(
            1000, Duration.ofMillis(100), 8, i -> CompletableFuture.completedFuture(i % 2 == 0));

    assertThat(result.succeeded()).isEqualTo(50);
    assertThat(result.failed()).isEqualTo(50);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Bench.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Bench.median(java.util.List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
  }
}

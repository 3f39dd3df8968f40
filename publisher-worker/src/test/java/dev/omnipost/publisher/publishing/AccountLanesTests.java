package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccountLanesTests {

  @Test
  void runsOneAccountsTasksInTheOrderTheyArrived() {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger acknowledged = new AtomicInteger();
    try (AccountLanes lanes = new AccountLanes(8, 100)) {
      for (int i = 0; i < 50; i++) {
        int n = i;
        lanes.submit("acc_1", () -> order.add(n), acknowledged::incrementAndGet);
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 50);
    }

    assertThat(order).isSorted().hasSize(50);
  }

  @Test
  void runsDifferentAccountsAtTheSameTime() throws Exception {
    CountDownLatch allStarted = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger acknowledged = new AtomicInteger();
    try (AccountLanes lanes = new AccountLanes(4, 100)) {
      for (int i = 0; i < 4; i++) {
        lanes.submit(
            "acc_" + i,
            () -> {
              allStarted.countDown();
              awaitLatch(release);
            },
            acknowledged::incrementAndGet);
      }

      boolean concurrent = allStarted.await(10, TimeUnit.SECONDS);
      release.countDown();

      assertThat(concurrent).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 4);
    }
  }

  @Test
  void acknowledgesATaskThatThrewSoItsOffsetIsNotHeldForever() {
    AtomicInteger acknowledged = new AtomicInteger();
    List<String> after = Collections.synchronizedList(new ArrayList<>());
    try (AccountLanes lanes = new AccountLanes(2, 10)) {
      lanes.submit(
          "acc_1",
          () -> {
            throw new IllegalStateException("boom");
          },
          acknowledged::incrementAndGet);
      lanes.submit("acc_1", () -> after.add("next"), acknowledged::incrementAndGet);

      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 2);
    }

    assertThat(after).containsExactly("next");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

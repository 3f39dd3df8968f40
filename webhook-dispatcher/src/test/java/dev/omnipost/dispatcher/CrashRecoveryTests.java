package dev.omnipost.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Duty 14: the fan-out and delivery consumers are stopped abruptly in the middle of a burst (their
 * in-flight attempts and uncommitted offsets abandoned) and started again; every delivery still
 * reaches the receiver at least once. Duplicates are counted and reported, not forbidden.
 */
class CrashRecoveryTests extends DispatcherIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTests.class);
  private static final int EVENTS = 150;

  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void stoppingTheConsumersMidBurstLosesNoDelivery() throws Exception {
    String workspace = newWorkspace();
    List<String> paths = List.of("/crash-a", "/crash-b", "/crash-c");
    List<String> endpoints = new ArrayList<>();
    for (String path : paths) {
      endpoints.add(newEndpoint(workspace, receiver.url(path, n -> 200), List.of(), newSecret()));
    }
    List<CloudEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      events.add(postCreated(workspace));
    }

    for (int i = 0; i < EVENTS; i++) {
      publish(events.get(i));
      if (i == EVENTS / 3) {
        await().atMost(Duration.ofSeconds(30)).until(() -> received(paths) > 0);
        stopAbruptly("webhook-fanout");
        stopAbruptly("webhook-delivery");
      }
    }
    long before = received(paths);
    start("webhook-fanout");
    start("webhook-delivery");

    Set<String> eventIds = events.stream().map(CloudEvent::id).collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> paths.stream().allMatch(p -> idsAt(p).keySet().containsAll(eventIds)));
    int duplicates = 0;
    for (String path : paths) {
      duplicates += idsAt(path).values().stream().mapToInt(n -> n - 1).sum();
    }
    log.info(
        "{} deliveries, {} received before the restart, {} duplicates",
        EVENTS * paths.size(),
        before,
        duplicates);
    assertThat(before).isLessThan((long) EVENTS * paths.size());
    for (String endpoint : endpoints) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  deliveries(endpoint).size() == EVENTS
                      && deliveries(endpoint).stream()
                          .allMatch(d -> "succeeded".equals(d.get("status"))));
    }
  }

  private void stopAbruptly(String id) {
    for (MessageListenerContainer container : containers(id)) {
      container.stopAbnormally(() -> {});
    }
  }

  private void start(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> containers(id).stream().noneMatch(MessageListenerContainer::isRunning));
    containers(id).forEach(MessageListenerContainer::start);
  }

  private List<MessageListenerContainer> containers(String id) {
    MessageListenerContainer container = listeners.getListenerContainer(id);
    return container == null ? List.of() : List.of(container);
  }

  private long received(List<String> paths) {
    return paths.stream().mapToLong(p -> receiver.receivedAt(p).size()).sum();
  }

  private Map<String, Integer> idsAt(String path) {
    Map<String, Integer> counts = new HashMap<>();
    receiver
        .receivedAt(path)
        .forEach(r -> counts.merge(r.headers().get("webhook-id"), 1, Integer::sum));
    return counts;
  }
}

package dev.omnipost.dispatcher.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.posts.PostCanceled;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.events.posts.PostScheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Payloads carry a per-subject sequence number, so receivers can order what they get. */
class SequenceNumberTests extends DispatcherIntegrationTest {

  private final CloudEventCodec codec = new CloudEventCodec("/tests");

  @Test
  void theEventsOfOneSubjectAreNumberedInOrderAndEachSubjectCountsAlone() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/sequence", n -> 200), List.of(), newSecret());
    String post = Ids.newId("post");
    String otherPost = Ids.newId("post");
    List<CloudEvent> events =
        List.of(
            codec.wrap(new PostCreated(post, "scheduled", List.of("acc_1"), null), workspace, post),
            codec.wrap(
                new PostCreated(otherPost, "scheduled", List.of("acc_1"), null),
                workspace,
                otherPost),
            codec.wrap(new PostScheduled(post, List.of("acc_1"), Instant.now()), workspace, post),
            codec.wrap(new PostCanceled(post, List.of("acc_1")), workspace, post));

    for (CloudEvent event : events) {
      publish(event);
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(endpoint).size() == 4);
    Map<String, Long> sequenceByEvent = new java.util.HashMap<>();
    for (Map<String, Object> d : deliveries(endpoint)) {
      JsonNode body = CloudEventCodec.dataMapper().readTree((String) d.get("payload"));
      sequenceByEvent.put((String) d.get("event_id"), body.get("sequence").asLong());
      assertThat(body.propertyNames()).containsExactly("type", "timestamp", "sequence", "data");
    }
    assertThat(
            List.of(events.get(0), events.get(2), events.get(3)).stream()
                .map(e -> sequenceByEvent.get(e.id()))
                .toList())
        .containsExactly(1L, 2L, 3L);
    assertThat(sequenceByEvent.get(events.get(1).id())).isEqualTo(1L);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/sequence").size() == 4);
    assertThat(
            receiver.receivedAt("/sequence").stream()
                .map(r -> CloudEventCodec.dataMapper().readTree(r.body()))
                .filter(b -> b.at("/data/post_id").asString().equals(post))
                .sorted(Comparator.comparingLong(b -> b.get("sequence").asLong()))
                .map(b -> b.get("type").asString())
                .toList())
        .containsExactly("post.created", "post.scheduled", "post.canceled");
  }
}

package dev.omnipost.dispatcher.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.commands.DeliverWebhook;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An event the fan-out sees again (its batch's offsets were not committed before a crash) records
 * no second delivery, and hands on again exactly those of its deliveries not yet attempted.
 */
class RedeliveredEventTests extends DispatcherIntegrationTest {

  @Autowired DeliveryPlanner planner;

  @Test
  void aRedeliveredEventHandsOnOnlyItsDeliveriesNotYetAttempted() {
    String workspace = newWorkspace();
    // the planner is called directly (nothing is published), so no attempt is ever made here
    String attempted =
        newEndpoint(workspace, receiver.url("/redelivered-a", n -> 200), List.of(), newSecret());
    String waiting =
        newEndpoint(workspace, receiver.url("/redelivered-b", n -> 200), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    List<DeliverWebhook> first = planner.plan(List.of(event));
    jdbc.sql(
            "UPDATE webhook_deliveries SET attempts = 1, status = 'retrying'"
                + " WHERE endpoint_id = :endpoint AND event_id = :event")
        .param("endpoint", attempted)
        .param("event", event.id())
        .update();
    List<DeliverWebhook> again = planner.plan(List.of(event, postCreated(workspace)));

    assertThat(first)
        .extracting(DeliverWebhook::endpointId)
        .containsExactlyInAnyOrder(attempted, waiting);
    assertThat(deliveries(attempted)).hasSize(2);
    assertThat(deliveries(waiting)).hasSize(2);
    // the repeated event: only the delivery not yet attempted, with the id it was recorded with;
    // the new event: one delivery per endpoint
    String waitingId = (String) delivery(waiting, event.id()).get("id");
    assertThat(again).hasSize(3);
    assertThat(again).filteredOn(c -> c.deliveryId().equals(waitingId)).hasSize(1);
    assertThat(again)
        .extracting(DeliverWebhook::deliveryId)
        .doesNotContain((String) delivery(attempted, event.id()).get("id"));
  }
}

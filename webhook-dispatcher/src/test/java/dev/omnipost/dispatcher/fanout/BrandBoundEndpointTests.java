package dev.omnipost.dispatcher.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An endpoint that belongs to a brand receives that brand's events and no other brand's. */
class BrandBoundEndpointTests extends DispatcherIntegrationTest {

  private final CloudEventCodec codec = new CloudEventCodec("/tests");

  @Test
  void aBrandsEndpointGetsOnlyThatBrandsEventsAndAWorkspaceEndpointGetsAll() throws Exception {
    String workspace = newWorkspace();
    String brandA = brand(workspace);
    String brandB = brand(workspace);
    String accountA = account(workspace, brandA);
    String accountB = account(workspace, brandB);
    String endpointA = brandEndpoint(workspace, brandA, receiver.url("/brand-a", n -> 200));
    String everything =
        newEndpoint(workspace, receiver.url("/everything", n -> 200), List.of(), newSecret());
    CloudEvent ofA = needsReconnect(workspace, accountA);
    CloudEvent ofB = needsReconnect(workspace, accountB);

    publish(ofB);
    publish(ofA);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/everything").size() == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(endpointA).size() == 1);
    assertThat(deliveries(endpointA))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("event_id", ofA.id()));
    assertThat(deliveries(everything)).hasSize(2);
  }

  private String brand(String workspace) {
    String id = Ids.newId("brand");
    jdbc.sql("INSERT INTO brands (id, workspace_id, name) VALUES (:id, :ws, 'client')")
        .param("id", id)
        .param("ws", workspace)
        .update();
    return id;
  }

  private String account(String workspace, String brand) {
    String id = Ids.newId("acc");
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, brand_id, platform, platform_account_id, name, handle,
                access_token_enc)
            VALUES (:id, :ws, :brand, 'mastodon', :id, 'n', '@n', '\\x00'::bytea)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("brand", brand)
        .update();
    return id;
  }

  private String brandEndpoint(String workspace, String brand, String url) {
    String id = newEndpoint(workspace, url, List.of(), newSecret());
    jdbc.sql("UPDATE webhook_endpoints SET brand_id = :brand WHERE id = :id")
        .param("brand", brand)
        .param("id", id)
        .update();
    return id;
  }

  private CloudEvent needsReconnect(String workspace, String account) {
    return codec.wrap(
        new AccountNeedsReconnect(account, "mastodon", "token revoked"), workspace, account);
  }
}

package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the end-to-end tests wait for and read back, through the API and the sandbox. */
final class StackAssertions {

  private StackAssertions() {}

  /** Waits until the post has {@code status} and answers it as the API last showed it. */
  static JsonNode awaitPostStatus(StackClient api, String postId, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              last[0] = api.get("/v1/posts/" + postId).body();
              assertThat(last[0].at("/data/status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  /** The texts the sandbox holds for one account of {@code platform}. */
  static List<String> sandboxTexts(StackClient sandbox, String platform, String accountId) {
    JsonNode posts =
        sandbox.get("/_sandbox/posts?platform=" + platform + "&account_id=" + accountId).body();
    JsonNode items = posts.has("data") ? posts.get("data") : posts;
    return items.valueStream().map(p -> p.path("text").asString()).toList();
  }
}

package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's promise after a restart with the data kept: the same API key works and both demo
 * accounts still publish. The sandbox starts empty each time, so the stack must give it the demo
 * accounts back before any worker syncs against it (an inbox sync against an empty sandbox used to
 * mark the Instagram account expired, and the README's Instagram step then failed).
 */
class LocalStackRestartTests {

  @Test
  void theDemoAccountsStayConnectedAndPublishAfterARestartWithTheDataKept() throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    Path dataDir = Files.createTempDirectory("omnipost-restart");
    StackPorts ports = StackPorts.free();
    LocalStackOptions options =
        new LocalStackOptions(
            dataDir,
            ports,
            infrastructure.bootstrapServers(),
            infrastructure.postgres(),
            Map.of("omnipost.inbox.sync-interval", "200ms"));
    String apiKey;
    try (RunningStack first = LocalStack.start(options)) {
      apiKey = first.demo().apiKey();
    }

    try (RunningStack second = LocalStack.start(options)) {
      StackClient api = new StackClient(second.gatewayUrl(), apiKey);
      String instagram = second.demo().instagramAccountId();

      // many sync rounds run meanwhile; the account must not be marked expired by any of them
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get("/v1/accounts/" + instagram).body().at("/data/status").asString())
                      .isEqualTo("connected"));
      Response media = api.upload("/v1/media", "photo.png", "image/png", TestImages.png());
      Response created =
          api.post(
              "/v1/posts",
              Map.of(
                  "text", "After a restart " + UUID.randomUUID(),
                  "account_ids", List.of(instagram, second.demo().mastodonAccountId()),
                  "media_ids", List.of(media.body().at("/data/id").asString())));

      assertThat(second.demo().apiKey()).isEqualTo(apiKey);
      assertThat(created.status()).isEqualTo(201);
      String postId = created.body().at("/data/id").asString();
      StackAssertions.awaitPostStatus(api, postId, "published");
    }
  }
}

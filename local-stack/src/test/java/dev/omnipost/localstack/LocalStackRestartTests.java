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
import tools.jackson.databind.JsonNode;

/**
 * The README's promise after a restart with the data kept: the same API key works, every demo
 * account is still connected and both still publish. The sandbox keeps its state under the data
 * directory (ADR 23), so it still knows the accounts, their tokens and what was published before
 * when the workers start (an inbox sync against a sandbox that had forgotten them used to mark the
 * Instagram account expired, and the README's Instagram step then failed with {@code
 * post.account_not_connected}), and new platform post ids never collide with the old ones.
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
    String firstText = "Before a restart " + UUID.randomUUID();
    String firstPlatformPostId;
    try (RunningStack first = LocalStack.start(options)) {
      apiKey = first.demo().apiKey();
      StackClient api = new StackClient(first.gatewayUrl(), apiKey);
      Response created =
          api.post(
              "/v1/posts",
              Map.of("text", firstText, "account_ids", List.of(first.demo().mastodonAccountId())));
      firstPlatformPostId =
          StackAssertions.awaitPostStatus(
                  api, created.body().at("/data/id").asString(), "published")
              .at("/data/targets/0/platform_post_id")
              .asString();
    }

    try (RunningStack second = LocalStack.start(options)) {
      StackClient api = new StackClient(second.gatewayUrl(), apiKey);
      StackClient sandbox = new StackClient(second.sandboxUrl(), null);
      String instagram = second.demo().instagramAccountId();
      String mastodon = second.demo().mastodonAccountId();

      // the sandbox remembers what was published before the restart
      assertThat(StackAssertions.sandboxTexts(sandbox, "mastodon", DemoWorkspace.MASTODON_ACCOUNT))
          .contains(firstText);

      // many sync rounds run meanwhile; the account must not be marked expired by any of them
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get("/v1/accounts")
                              .body()
                              .at("/data")
                              .valueStream()
                              .map(account -> account.path("status").asString()))
                      .hasSize(second.demo().allAccountIds().size())
                      .containsOnly("connected"));
      Response media = api.upload("/v1/media", "photo.png", "image/png", TestImages.png());
      Response created =
          api.post(
              "/v1/posts",
              Map.of(
                  "text", "After a restart " + UUID.randomUUID(),
                  "account_ids", List.of(instagram, mastodon),
                  "media_ids", List.of(media.body().at("/data/id").asString())));

      assertThat(second.demo().apiKey()).isEqualTo(apiKey);
      assertThat(created.status()).isEqualTo(201);
      String postId = created.body().at("/data/id").asString();
      JsonNode published = StackAssertions.awaitPostStatus(api, postId, "published");
      List<String> newIds =
          published
              .at("/data/targets")
              .valueStream()
              .map(target -> target.path("platform_post_id").asString())
              .toList();
      assertThat(newIds).hasSize(2).doesNotContain(firstPlatformPostId, "");
    }
  }
}

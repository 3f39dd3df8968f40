package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo workspace's eleven accounts, each connected through its platform's real sign-in against
 * the sandbox, publish: one post with an image to every platform that takes images, one video post
 * to every platform that takes video; every target {@code published} with a permalink. Then a
 * restart with the data kept finds the same eleven accounts, still connected, and publishes again.
 */
class AllPlatformsEndToEndTests {

  static final Set<String> ALL =
      Set.of(
          "instagram",
          "facebook",
          "twitter",
          "linkedin",
          "tiktok",
          "youtube",
          "pinterest",
          "threads",
          "bluesky",
          "mastodon",
          "google_business");
  static final List<String> IMAGES =
      List.of(
          "instagram",
          "facebook",
          "twitter",
          "linkedin",
          "tiktok",
          "pinterest",
          "threads",
          "bluesky",
          "mastodon",
          "google_business");
  static final List<String> VIDEOS =
      List.of("tiktok", "youtube", "twitter", "linkedin", "facebook", "threads", "instagram");

  @Test
  void everyDemoAccountIsConnectedAndPublishesImagesAndVideosAndARestartKeepsThem()
      throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    Path dataDir = Files.createTempDirectory("omnipost-all-platforms");
    LocalStackOptions options =
        new LocalStackOptions(
            dataDir,
            StackPorts.free(),
            infrastructure.bootstrapServers(),
            infrastructure.postgres(),
            Map.of("omnipost.inbox.sync-interval", "1s"));
    Map<String, String> firstIds;
    try (RunningStack stack = LocalStack.start(options)) {
      StackClient api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
      firstIds = stack.demo().allAccountIds();
      assertThat(firstIds.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
      assertConnected(api, firstIds);

      // neither post names a Pinterest board or a Business Profile location: the default board
      // and the location chosen at connect are the accounts' own
      String image = upload(api, "photo.jpg", "image/jpeg", jpeg());
      JsonNode imagePost =
          publish(api, "Every platform " + UUID.randomUUID(), pick(firstIds, IMAGES), image);
      assertEveryTargetPublished(imagePost, IMAGES);
      // Mastodon sends X-RateLimit-* headers: the publisher recorded the budget they left
      JsonNode rate =
          api.get("/v1/accounts/" + firstIds.get("mastodon") + "/limits").body().at("/data/rate");
      assertThat(rate.path("remaining").isInt()).as(rate.toString()).isTrue();

      String video = upload(api, "clip.mp4", "video/mp4", TestVideos.portraitMp4());
      JsonNode videoPost =
          publish(api, "Every video platform " + UUID.randomUUID(), pick(firstIds, VIDEOS), video);
      assertEveryTargetPublished(videoPost, VIDEOS);
    }

    try (RunningStack again = LocalStack.start(options)) {
      StackClient api = new StackClient(again.gatewayUrl(), again.demo().apiKey());
      assertThat(again.demo().allAccountIds()).isEqualTo(firstIds);
      JsonNode accounts = api.get("/v1/accounts?limit=100").body().path("data");
      assertThat(accounts.size()).isEqualTo(ALL.size());
      assertConnected(api, firstIds);

      String image = upload(api, "photo.jpg", "image/jpeg", jpeg());
      JsonNode imagePost =
          publish(api, "After a restart " + UUID.randomUUID(), pick(firstIds, IMAGES), image);
      assertEveryTargetPublished(imagePost, IMAGES);
    }
  }

  private static void assertConnected(StackClient api, Map<String, String> ids) {
    for (Map.Entry<String, String> account : ids.entrySet()) {
      JsonNode body = api.get("/v1/accounts/" + account.getValue()).body();
      assertThat(body.at("/data/platform").asString()).isEqualTo(account.getKey());
      assertThat(body.at("/data/status").asString()).as(account.getKey()).isEqualTo("connected");
    }
  }

  private static List<String> pick(Map<String, String> ids, List<String> platforms) {
    return platforms.stream().map(ids::get).toList();
  }

  private static String upload(StackClient api, String name, String type, byte[] bytes) {
    Response media = api.upload("/v1/media", name, type, bytes);
    assertThat(media.status()).as(media.body().toString()).isEqualTo(201);
    // the platforms that pull media fetch this URL (and give up after a few seconds): it must
    // answer, and answer at once, before they try
    String url = media.body().at("/data/url").asString();
    try {
      int status =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode();
      assertThat(status).as(url).isEqualTo(200);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("GET " + url + " failed", e);
    }
    return media.body().at("/data/id").asString();
  }

  private static JsonNode publish(
      StackClient api, String text, List<String> accountIds, String mediaId) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("tiktok", Map.of("privacy_level", "PUBLIC_TO_EVERYONE"));
    options.put("youtube", Map.of("title", "A demo video"));
    options.put("google_business", Map.of("topic_type", "STANDARD"));
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text",
                text,
                "account_ids",
                accountIds,
                "media_ids",
                List.of(mediaId),
                "platform_options",
                options));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String postId = created.body().at("/data/id").asString();
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              last[0] = api.get("/v1/posts/" + postId).body();
              List<String> open = new ArrayList<>();
              for (JsonNode target : last[0].at("/data/targets")) {
                String status = target.path("status").asString();
                if (!status.equals("published") && !status.equals("failed")) {
                  open.add(target.path("platform").asString() + ":" + status);
                }
              }
              assertThat(open).as("targets not finished").isEmpty();
            });
    return last[0];
  }

  private static void assertEveryTargetPublished(JsonNode post, List<String> platforms) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (JsonNode target : post.at("/data/targets")) {
      String platform = target.path("platform").asString();
      String outcome = target.path("status").asString();
      if (!outcome.equals("published")) {
        outcome += " " + target.path("error").toString();
      } else if (!target.path("permalink").asString("").startsWith("http")) {
        outcome += " without a permalink";
      }
      outcomes.put(platform, outcome);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    platforms.forEach(p -> expected.put(p, "published"));
    assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(expected);
  }

  private static byte[] jpeg() throws IOException {
    BufferedImage image = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 400; x += 7) {
      image.setRGB(x, x, 0xFF8800);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", bytes);
    return bytes.toByteArray();
  }
}

package dev.omnipost.connectors.tiktok;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TikTokConnectorTests {

  private static final String CREATOR = "tt-5001";
  private static final Map<String, Object> PUBLIC = Map.of("privacy_level", "PUBLIC_TO_EVERYONE");

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.TIKTOK).orElseThrow();
  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.TIKTOK, CREATOR, "@bakery", "tt-token", Map.of());

  @BeforeEach
  void registerCreator() {
    SANDBOX.control().reset();
    SandboxFixture.register("tiktok", CREATOR, "bakery", "tt-token");
  }

  @Test
  void postsPhotosPulledFromTheirUrlsAfterTheCreatorInfoCheck() {
    PublishRequest photos =
        new PublishRequest(
            "t",
            "Fresh bread",
            List.of(image(), image()),
            Map.of("privacy_level", "PUBLIC_TO_EVERYONE", "title", "Bread"));

    PublishStep init = connector.nextPublishStep(account, photos, StepState.empty(), context);
    PublishedPost published = connector.publish(account, photos);

    assertThat(((PublishStep.Wait) init).state().text("publish_id")).isNotBlank();
    assertThat(markers).containsExactly("tiktok.publish");
    assertThat(published.permalink())
        .isEqualTo("https://www.tiktok.com/@bakery/video/" + published.platformPostId());
    assertThat(SANDBOX.control().posts("tiktok", CREATOR))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).hasSize(2));
  }

  @Test
  void uploadsAVideoInChunksWithContentRangeThenPollsTheStatusUntilPublished() {
    TikTokConnector fiveMegabyteChunks =
        new TikTokConnector(
            PlatformHttp.restClient(Duration.ofSeconds(10)),
            SANDBOX.tiktokApiUrl(),
            Duration.ofMillis(20),
            Duration.ofSeconds(10),
            TikTokConnector.MIN_CHUNK_SIZE,
            Clock.systemUTC());
    byte[] bytes = video(11 * 1024 * 1024);
    PublishRequest clip =
        new PublishRequest(
            "t",
            "Kneading #bread",
            List.of(
                new MediaAttachment(
                    SandboxFixture.serve("/big.mp4", "video/mp4", bytes),
                    "video/mp4",
                    bytes.length)),
            PUBLIC);

    PublishStep.Wait init =
        (PublishStep.Wait)
            fiveMegabyteChunks.nextPublishStep(account, clip, StepState.empty(), context);
    StepState resumed = StepState.parse(init.state().toJson());
    PublishStep.Wait uploaded =
        (PublishStep.Wait) fiveMegabyteChunks.nextPublishStep(account, clip, resumed, context);
    PublishStep step = uploaded;
    for (int i = 0; i < 10 && step instanceof PublishStep.Wait wait; i++) {
      step = fiveMegabyteChunks.nextPublishStep(account, clip, wait.state(), context);
    }

    assertThat(init.checkAfter()).isZero();
    assertThat(init.state().text("upload_url")).contains("/tiktok/upload/");
    assertThat(uploaded.state().text("uploaded")).isEqualTo("true");
    assertThat(uploaded.checkAfter()).isPositive();
    assertThat(step).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().posts("tiktok", CREATOR))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo("Kneading #bread"));
    assertThat(SANDBOX.control().uploads("tiktok", CREATOR)).hasSize(1);
  }

  @Test
  void uploadsASmallVideoAsOneChunk() {
    PublishedPost published = connector.publish(account, smallVideo("Short", PUBLIC));

    assertThat(published.permalink()).startsWith("https://www.tiktok.com/@bakery/video/");
  }

  @Test
  void letsTikTokPullAVideoFromItsUrlWhenAsked() {
    PublishedPost published =
        connector.publish(
            account,
            smallVideo(
                "Pulled",
                Map.of("privacy_level", "PUBLIC_TO_EVERYONE", "video_source", "PULL_FROM_URL")));

    assertThat(published.platformPostId()).isNotBlank();
    assertThat(SANDBOX.control().posts("tiktok", CREATOR))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).containsExactly(SandboxFixture.videoUrl()));
  }

  @Test
  void answersAPrivatePostWithItsPublishIdAndNoPermalink() {
    PublishedPost published =
        connector.publish(account, smallVideo("Only me", Map.of("privacy_level", "SELF_ONLY")));

    assertThat(published.platformPostId()).startsWith("v_pub_file~");
    assertThat(published.permalink()).isNull();
  }

  @Test
  void rejectsAPostWithoutPrivacyLevelOrWithOneTheCreatorCannotUse() throws Exception {
    SandboxFixture.control(
        "/_sandbox/tiktok/creators",
        "{\"account_id\":\"" + CREATOR + "\",\"privacy_level_options\":[\"SELF_ONLY\"]}");

    PublishStep missing =
        connector.nextPublishStep(account, smallVideo("x", Map.of()), StepState.empty(), context);
    PublishStep notOffered =
        connector.nextPublishStep(account, smallVideo("x", PUBLIC), StepState.empty(), context);

    assertThat(missing)
        .isInstanceOfSatisfying(
            PublishStep.Rejected.class, r -> assertThat(r.message()).contains("privacy_level"));
    assertThat(notOffered)
        .isInstanceOfSatisfying(
            PublishStep.Rejected.class,
            r ->
                assertThat(r.message())
                    .isEqualTo(
                        "TikTok creator bakery can post with privacy_level SELF_ONLY, not PUBLIC_TO_EVERYONE"));
    assertThat(markers).isEmpty();
    assertThat(SANDBOX.control().uploads("tiktok", CREATOR)).isEmpty();
  }

  @Test
  void rejectsTextOnlyAndMixedMedia() {
    PublishStep text =
        connector.nextPublishStep(
            account,
            new PublishRequest("t", "words", List.of(), PUBLIC),
            StepState.empty(),
            context);
    PublishStep mixed =
        connector.nextPublishStep(
            account,
            new PublishRequest(
                "t",
                "both",
                List.of(
                    image(),
                    new MediaAttachment(
                        SandboxFixture.videoUrl(), "video/mp4", SandboxFixture.MP4.length)),
                PUBLIC),
            StepState.empty(),
            context);

    assertThat(text).isInstanceOf(PublishStep.Rejected.class);
    assertThat(mixed).isInstanceOf(PublishStep.Rejected.class);
  }

  @Test
  void rejectsAFileThatIsNotAVideoWithTikToksFailReason() {
    PublishRequest notAVideo =
        new PublishRequest(
            "t",
            "broken",
            List.of(
                new MediaAttachment(
                    SandboxFixture.imageUrl(), "video/mp4", SandboxFixture.JPEG.length)),
            PUBLIC);

    assertThatThrownBy(() -> connector.publish(account, notAVideo))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("TikTok could not publish the post: file_format_check_failed");
    assertThat(SANDBOX.control().posts("tiktok", CREATOR)).isEmpty();
  }

  @Test
  void findsNothingForALostFileUploadInitAndThePublicPostOfALostPull() {
    Instant attemptAt = Instant.now();
    PublishRequest pulled =
        smallVideo(
            "Lost pull",
            Map.of("privacy_level", "PUBLIC_TO_EVERYONE", "video_source", "PULL_FROM_URL"));
    PublishedPost published = connector.publish(account, pulled);
    AttemptMarker marker = new AttemptMarker("tiktok.publish", attemptAt);

    PostLookup file =
        connector.findPublished(
            account, smallVideo("Lost pull", PUBLIC), StepState.empty(), marker);
    PostLookup pull = connector.findPublished(account, pulled, StepState.empty(), marker);
    PostLookup privatePull =
        connector.findPublished(
            account,
            smallVideo(
                "Lost pull", Map.of("privacy_level", "SELF_ONLY", "video_source", "PULL_FROM_URL")),
            StepState.empty(),
            marker);

    assertThat(file).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(pull)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
    assertThat(privatePull).isInstanceOf(PostLookup.Unknown.class);
  }

  @Test
  void cannotDeleteButReadsTheCountersOfAPublicPost() {
    PublishedPost published = connector.publish(account, smallVideo("Counted", PUBLIC));

    DeleteResult delete = connector.delete(account, published.platformPostId());
    MetricsResult metrics = connector.metrics(account, published.platformPostId());
    MetricsResult unknown = connector.metrics(account, "12345");

    assertThat(delete).isInstanceOf(DeleteResult.Unsupported.class);
    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> assertThat(m.counters()).containsOnlyKeys("views", "likes", "comments", "shares"));
    assertThat(unknown).isInstanceOf(MetricsResult.Unsupported.class);
  }

  @Test
  void reportsABadTokenAndAMissingScopeAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(Platform.TIKTOK, CREATOR, "@bakery", "stale", Map.of());
    assertThatThrownBy(() -> connector.publish(stale, smallVideo("x", PUBLIC)))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("The access token is invalid or not found in the request.");

    SANDBOX
        .control()
        .failNext(
            "tiktok",
            CREATOR,
            new InjectedFailure(
                401,
                "{\"error\":{\"code\":\"scope_not_authorized\",\"message\":\"The user did not authorize the scope required for completing this request.\",\"log_id\":\"1\"}}"),
            1);
    assertThatThrownBy(() -> connector.publish(account, smallVideo("x", PUBLIC)))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessageContaining("did not authorize the scope");
  }

  @Test
  void countsInitsAgainstTheSixPerMinuteWindow() {
    PublishRequest photo = new PublishRequest("t", "again", List.of(image()), PUBLIC);
    for (int i = 0; i < 6; i++) {
      assertThat(connector.nextPublishStep(account, photo, StepState.empty(), context))
          .isInstanceOf(PublishStep.Wait.class);
    }

    assertThatThrownBy(() -> connector.nextPublishStep(account, photo, StepState.empty(), context))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
            });
  }

  @Test
  void reportsTheDailyCapAsRateLimitedAndInvalidParamsAsRejectedAndServerErrorsAsTransient() {
    SANDBOX
        .control()
        .failNext(
            "tiktok",
            CREATOR,
            new InjectedFailure(
                403,
                "{\"error\":{\"code\":\"spam_risk_too_many_posts\",\"message\":\"The daily post cap from the API is reached for the current user.\",\"log_id\":\"1\"}}"),
            1);
    assertThatThrownBy(() -> connector.publish(account, smallVideo("x", PUBLIC)))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1)));

    String longTitle = "t".repeat(2201);
    assertThatThrownBy(() -> connector.publish(account, smallVideo(longTitle, PUBLIC)))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e).hasMessage("post_info.title must be at most 2200 UTF-16 runes.");
            });

    SANDBOX.control().failNext("tiktok", CREATOR, new InjectedFailure(500, null), 1);
    assertThatThrownBy(() -> connector.publish(account, smallVideo("x", PUBLIC)))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  private static MediaAttachment image() {
    return new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length);
  }

  private static PublishRequest smallVideo(String text, Map<String, Object> options) {
    return new PublishRequest(
        "t",
        text,
        List.of(
            new MediaAttachment(SandboxFixture.videoUrl(), "video/mp4", SandboxFixture.MP4.length)),
        options);
  }

  /** An {@code ftyp} box and zeros. */
  static byte[] video(int size) {
    byte[] bytes = new byte[size];
    byte[] box = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(box, 0, bytes, 0, box.length);
    return bytes;
  }
}

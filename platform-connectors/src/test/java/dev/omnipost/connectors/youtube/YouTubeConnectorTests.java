package dev.omnipost.connectors.youtube;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class YouTubeConnectorTests {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();
  private static final String CHANNEL = "UCbakery0001";
  private static final byte[] VIDEO = video(600 * 1024);

  /** 256 KiB chunks: the 600 KiB test video goes in three. */
  private final YouTubeConnector connector =
      new YouTubeConnector(
          PlatformHttp.restClient(Duration.ofSeconds(10)),
          SANDBOX.youtubeApiUrl(),
          Duration.ofMillis(20),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          YouTubeConnector.CHUNK_GRANULARITY,
          Clock.systemUTC());

  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.YOUTUBE, CHANNEL, "Bakery", "yt-token", Map.of());
  private String videoUrl;

  @BeforeEach
  void registerChannel() {
    SANDBOX.control().reset();
    SandboxFixture.register("youtube", CHANNEL, "Bakery", "yt-token");
    videoUrl = SandboxFixture.serve("/yt.mp4", "video/mp4", VIDEO);
  }

  @Test
  void isRegisteredForYouTube() {
    PlatformConnector registered =
        SandboxFixture.connectors().forPlatform(Platform.YOUTUBE).orElseThrow();

    PublishedPost published =
        registered.publish(account, clip("One chunk", Map.of("title", "Bread")));

    assertThat(published.permalink())
        .isEqualTo("https://www.youtube.com/watch?v=" + published.platformPostId());
  }

  @Test
  void opensASessionUploadsInChunksThenWaitsForProcessing() {
    PublishRequest request =
        clip(
            "How we bake",
            Map.of(
                "title",
                "Sourdough",
                "privacy_status",
                "unlisted",
                "tags",
                List.of("bread", "baking")));

    PublishStep.Wait session =
        (PublishStep.Wait) connector.nextPublishStep(account, request, StepState.empty(), context);
    PublishStep.Wait uploaded =
        (PublishStep.Wait)
            connector.nextPublishStep(
                account, request, StepState.parse(session.state().toJson()), context);
    PublishStep step = uploaded;
    for (int i = 0; i < 10 && step instanceof PublishStep.Wait wait; i++) {
      step = connector.nextPublishStep(account, request, wait.state(), context);
    }

    assertThat(session.checkAfter()).isZero();
    assertThat(session.state().text("upload_url")).contains("upload_id=");
    assertThat(markers).containsExactly("youtube.video");
    assertThat(uploaded.state().text("video_id")).hasSize(11);
    assertThat(uploaded.checkAfter()).isPositive();
    assertThat(step)
        .isInstanceOfSatisfying(
            PublishStep.Done.class,
            d -> assertThat(d.platformPostId()).isEqualTo(uploaded.state().text("video_id")));
    assertThat(SANDBOX.control().posts("youtube", CHANNEL))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo("How we bake"));
  }

  @Test
  void resumesAnUploadCutOffAfterTheFirstChunkWhereYouTubeStopped() throws Exception {
    PublishRequest request = clip("Resumed", Map.of("title", "Resumed"));
    PublishStep.Wait session =
        (PublishStep.Wait) connector.nextPublishStep(account, request, StepState.empty(), context);
    String uploadUrl = session.state().text("upload_url");
    int firstChunk = YouTubeConnector.CHUNK_GRANULARITY;
    HttpResponse<String> partial =
        put(
            uploadUrl,
            "bytes 0-" + (firstChunk - 1) + "/" + VIDEO.length,
            Arrays.copyOfRange(VIDEO, 0, firstChunk));

    PublishStep resumed = connector.nextPublishStep(account, request, session.state(), context);

    assertThat(partial.statusCode()).isEqualTo(308);
    assertThat(partial.headers().firstValue("Range")).hasValue("bytes=0-" + (firstChunk - 1));
    assertThat(resumed)
        .isInstanceOfSatisfying(
            PublishStep.Wait.class, w -> assertThat(w.state().text("video_id")).isNotBlank());
    assertThat(SANDBOX.control().uploads("youtube", CHANNEL)).hasSize(1);
    assertThat(SANDBOX.control().posts("youtube", CHANNEL)).hasSize(1);
  }

  @Test
  void asksTheSessionWhetherALostUploadCreatedTheVideo() throws Exception {
    PublishRequest request = clip("Lost", Map.of("title", "Lost"));
    PublishStep.Wait session =
        (PublishStep.Wait) connector.nextPublishStep(account, request, StepState.empty(), context);
    AttemptMarker attempt = new AttemptMarker("youtube.video", Instant.now());

    PostLookup beforeBytes = connector.findPublished(account, request, session.state(), attempt);
    HttpResponse<String> done =
        put(
            session.state().text("upload_url"),
            "bytes 0-" + (VIDEO.length - 1) + "/" + VIDEO.length,
            VIDEO);
    PostLookup afterBytes = connector.findPublished(account, request, session.state(), attempt);
    PostLookup noSession = connector.findPublished(account, request, StepState.empty(), attempt);

    assertThat(beforeBytes).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(done.statusCode()).isEqualTo(201);
    String id = SANDBOX.control().posts("youtube", CHANNEL).get(0).id();
    assertThat(afterBytes)
        .isEqualTo(new PostLookup.Found(id, "https://www.youtube.com/watch?v=" + id));
    assertThat(noSession).isInstanceOf(PostLookup.NotCreated.class);
  }

  @Test
  void rejectsPostsWithoutTitleTextOnlyAndImages() {
    PublishStep untitled =
        connector.nextPublishStep(account, clip("x", Map.of()), StepState.empty(), context);
    PublishStep text =
        connector.nextPublishStep(
            account,
            new PublishRequest("t", "words", List.of(), Map.of("title", "T")),
            StepState.empty(),
            context);
    PublishStep image =
        connector.nextPublishStep(
            account,
            new PublishRequest(
                "t",
                "pic",
                List.of(new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", 13)),
                Map.of("title", "T")),
            StepState.empty(),
            context);

    assertThat(untitled)
        .isInstanceOfSatisfying(
            PublishStep.Rejected.class, r -> assertThat(r.message()).contains("title"));
    assertThat(text).isInstanceOf(PublishStep.Rejected.class);
    assertThat(image).isInstanceOf(PublishStep.Rejected.class);
    assertThat(SANDBOX.control().uploads("youtube", CHANNEL)).isEmpty();
  }

  @Test
  void rejectsAFileYouTubeCannotProcess() {
    PublishRequest broken =
        new PublishRequest(
            "t",
            "broken",
            List.of(new MediaAttachment(SandboxFixture.imageUrl(), "video/mp4", 13)),
            Map.of("title", "Broken"));

    assertThatThrownBy(() -> connector.publish(account, broken))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("YouTube failed the video: invalidFile");
  }

  @Test
  void deletesTwiceReadsStatisticsAndListsCommentsOldestFirst() {
    PublishedPost published =
        connector.publish(account, clip("Counted", Map.of("title", "Counted")));
    SandboxFixture.control(
        "/_sandbox/youtube/comments",
        "{\"video_id\":\""
            + published.platformPostId()
            + "\",\"author_name\":\"Ann\",\"text\":\"Looks great\"}");
    SandboxFixture.control(
        "/_sandbox/youtube/comments",
        "{\"video_id\":\""
            + published.platformPostId()
            + "\",\"author_name\":\"Bo\",\"text\":\"Recipe?\"}");

    MetricsResult metrics = connector.metrics(account, published.platformPostId());
    List<PlatformComment> comments = connector.listRecentComments(account);
    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> {
              assertThat(m.counters()).containsOnlyKeys("views", "likes", "comments");
              assertThat(m.counters()).containsEntry("comments", 2L);
            });
    assertThat(comments)
        .extracting(PlatformComment::text)
        .containsExactly("Looks great", "Recipe?");
    assertThat(comments)
        .allSatisfy(c -> assertThat(c.platformPostId()).isEqualTo(published.platformPostId()));
    assertThat(comments.get(0).authorName()).isEqualTo("Ann");
    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
  }

  @Test
  void answersHoldsForReviewAndDeletesCommentsOnTheChannelsVideos() {
    PublishedPost published =
        connector.publish(account, clip("Answered", Map.of("title", "Answered")));
    String video = published.platformPostId();
    String question = comment(video, "Ann", "Which flour?");
    String spam = comment(video, "Spammer", "Cheap watches");

    String reply = connector.replyToComment(account, question, "Rye, stone-ground");
    connector.hideComment(account, spam, true);

    assertThat(sandboxComments(video))
        .extracting(c -> c.get("id") + " " + c.get("moderation_status"))
        .containsExactly(question + " published", spam + " heldForReview", reply + " published");
    assertThat(sandboxComments(video).get(2))
        .containsEntry("parent_id", question)
        .containsEntry("author_channel_id", CHANNEL)
        .containsEntry("text", "Rye, stone-ground");
    // a held comment is off the video: the sync no longer lists it
    assertThat(connector.listRecentComments(account))
        .extracting(PlatformComment::platformCommentId)
        .containsExactly(question);

    connector.hideComment(account, spam, false);
    connector.deleteComment(account, reply); // the channel's own: deleted
    connector.deleteComment(account, spam); // a viewer's: YouTube only lets it be rejected
    connector.deleteComment(account, reply); // already gone

    assertThat(sandboxComments(video))
        .extracting(c -> c.get("id") + " " + c.get("moderation_status"))
        .containsExactly(question + " published", spam + " rejected");
    assertThat(connector.supports(InboxOperation.LIKE_COMMENT)).isFalse();
    assertThatThrownBy(() -> connector.replyToComment(account, "Ugz-unknown", "Hello"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("could not be found");
  }

  private static String comment(String video, String author, String text) {
    String answer =
        SandboxFixture.control(
            "/_sandbox/youtube/comments",
            "{\"video_id\":\""
                + video
                + "\",\"author_name\":\""
                + author
                + "\",\"text\":\""
                + text
                + "\"}");
    return JSON.readTree(answer).path("id").asString();
  }

  private static List<Map<String, Object>> sandboxComments(String video) {
    return JSON.readValue(
        SandboxFixture.get("/_sandbox/youtube/comments?video_id=" + video),
        new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
  }

  @Test
  void reportsABadTokenAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(Platform.YOUTUBE, CHANNEL, "Bakery", "stale", Map.of());

    assertThatThrownBy(() -> connector.publish(stale, clip("x", Map.of("title", "x"))))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessageContaining("invalid authentication credentials");
  }

  @Test
  void runsOutOfTheDailyQuotaAfterSixUploadsAndWaitsForMidnightPacific() {
    for (int i = 0; i < 6; i++) {
      assertThat(
              connector.nextPublishStep(
                  account, clip("x", Map.of("title", "n" + i)), StepState.empty(), context))
          .isInstanceOf(PublishStep.Wait.class);
    }

    assertThatThrownBy(
            () ->
                connector.nextPublishStep(
                    account, clip("x", Map.of("title", "7")), StepState.empty(), context))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e).hasMessageContaining("quota");
              assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(25));
            });
  }

  @Test
  void mapsRateLimitExceededInvalidTitlesAndServerErrors() {
    SANDBOX
        .control()
        .failNext(
            "youtube",
            CHANNEL,
            new InjectedFailure(
                403,
                "{\"error\":{\"code\":403,\"message\":\"The request cannot be completed because you have exceeded your rate limit.\",\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"rateLimitExceeded\"}]}}"),
            1);
    assertThatThrownBy(() -> connector.publish(account, clip("x", Map.of("title", "x"))))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));

    assertThatThrownBy(() -> connector.publish(account, clip("x", Map.of("title", "<b>bold</b>"))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e).hasMessage("The request metadata specifies an invalid video title.");
            });

    SANDBOX.control().failNext("youtube", CHANNEL, new InjectedFailure(503, null), 1);
    assertThatThrownBy(() -> connector.publish(account, clip("x", Map.of("title", "x"))))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  private PublishRequest clip(String text, Map<String, Object> options) {
    return new PublishRequest(
        "t", text, List.of(new MediaAttachment(videoUrl, "video/mp4", VIDEO.length)), options);
  }

  private static HttpResponse<String> put(String url, String range, byte[] bytes) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Range", range)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] video(int size) {
    byte[] bytes = new byte[size];
    byte[] box = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(box, 0, bytes, 0, box.length);
    for (int i = box.length; i < size; i++) {
      bytes[i] = (byte) (i % 251);
    }
    return bytes;
  }
}

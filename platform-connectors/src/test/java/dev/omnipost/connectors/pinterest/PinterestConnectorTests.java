package dev.omnipost.connectors.pinterest;

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
import dev.omnipost.connectors.UnsupportedPlatformOperationException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinterestConnectorTests {

  private static final String USER = "pinner-77";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.PINTEREST).orElseThrow();
  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;
  private String defaultBoard;
  private AccountCredentials account;

  @BeforeEach
  void registerAccountWithABoard() throws Exception {
    SANDBOX.control().reset();
    SandboxFixture.register("pinterest", USER, "bakery", "pin-token");
    defaultBoard = createBoard("Breads");
    account =
        SandboxFixture.credentials(
            Platform.PINTEREST, USER, "bakery", "pin-token", Map.of("board_id", defaultBoard));
  }

  @Test
  void pinsAnImageByUrlOnTheAccountsDefaultBoard() {
    PublishStep.Done done =
        (PublishStep.Done)
            connector.nextPublishStep(
                account, image("Rye loaf", Map.of("title", "Rye")), StepState.empty(), context);

    assertThat(done.permalink())
        .isEqualTo("https://www.pinterest.com/pin/" + done.platformPostId() + "/");
    assertThat(SANDBOX.control().posts("pinterest", USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(done.platformPostId());
              assertThat(p.text()).isEqualTo("Rye loaf");
              assertThat(p.mediaUrls()).containsExactly(SandboxFixture.imageUrl());
            });
    assertThat(markers).containsExactly("pinterest.pin");
  }

  @Test
  void pinsOnTheBoardThePlatformOptionsName() throws Exception {
    String other = createBoard("Cakes");

    PublishedPost published = connector.publish(account, image("Cake", Map.of("board_id", other)));

    PostLookup onOther =
        connector.findPublished(
            account,
            image("Cake", Map.of("board_id", other)),
            StepState.empty(),
            new AttemptMarker("pinterest.pin", Instant.now().minusSeconds(5)));
    assertThat(onOther)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
  }

  @Test
  void refusesAPinWithoutABoard() {
    AccountCredentials boardless =
        SandboxFixture.credentials(Platform.PINTEREST, USER, "bakery", "pin-token", Map.of());

    assertThatThrownBy(() -> connector.publish(boardless, image("x", Map.of())))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("board_id");
  }

  @Test
  void rejectsAPinWithoutMedia() {
    PublishStep step =
        connector.nextPublishStep(
            account,
            new PublishRequest("t", "text only", List.of(), Map.of()),
            StepState.empty(),
            context);

    assertThat(step).isInstanceOf(PublishStep.Rejected.class);
  }

  @Test
  void uploadsAVideoWaitsForProcessingThenPinsIt() {
    PublishRequest video =
        new PublishRequest(
            "t",
            "Kneading",
            List.of(
                new MediaAttachment(
                    SandboxFixture.videoUrl(), "video/mp4", SandboxFixture.MP4.length)),
            Map.of("cover_image_url", SandboxFixture.imageUrl()));

    PublishStep upload = connector.nextPublishStep(account, video, StepState.empty(), context);
    PublishedPost published = connector.publish(account, video);

    assertThat(((PublishStep.Wait) upload).checkAfter()).isPositive();
    assertThat(published.platformPostId()).isNotBlank();
    assertThat(SANDBOX.control().posts("pinterest", USER))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).singleElement().asString().startsWith("video:"));
  }

  @Test
  void rejectsAVideoPinterestCannotProcess() {
    PublishRequest notAVideo =
        new PublishRequest(
            "t",
            "Broken",
            List.of(new MediaAttachment(SandboxFixture.imageUrl(), "video/mp4", 13)),
            Map.of());

    assertThatThrownBy(() -> connector.publish(account, notAVideo))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("could not process the video");
    assertThat(SANDBOX.control().posts("pinterest", USER)).isEmpty();
  }

  @Test
  void findsThePinOfALostCreateAndCallsAnotherTextNotCreated() {
    Instant attemptAt = Instant.now();
    PublishedPost published = connector.publish(account, image("Lost answer", Map.of()));

    PostLookup lost =
        connector.findPublished(
            account,
            image("Lost answer", Map.of()),
            StepState.empty(),
            new AttemptMarker("pinterest.pin", attemptAt));
    PostLookup never =
        connector.findPublished(
            account,
            image("never pinned", Map.of()),
            StepState.empty(),
            new AttemptMarker("pinterest.pin", attemptAt));

    assertThat(lost)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(SANDBOX.control().posts("pinterest", USER)).hasSize(1);
  }

  @Test
  void deletesAPinAndCallsASecondDeleteAlreadyGone() {
    PublishedPost published = connector.publish(account, image("Brief", Map.of()));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(SANDBOX.control().posts("pinterest", USER)).isEmpty();
  }

  @Test
  void readsImpressionsAndSavesFromTheAnalytics() {
    PublishedPost published = connector.publish(account, image("Counted", Map.of()));

    MetricsResult metrics = connector.metrics(account, published.platformPostId());

    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> assertThat(m.counters()).containsOnlyKeys("impressions", "shares"));
  }

  @Test
  void hasNoCommentsApi() {
    assertThatThrownBy(() -> connector.listRecentComments(account))
        .isInstanceOf(UnsupportedPlatformOperationException.class);
  }

  @Test
  void reportsAnUnreachableImageAsPermanentWithPinterestsMessage() {
    PublishRequest unreachable =
        new PublishRequest(
            "t",
            "x",
            List.of(new MediaAttachment("http://localhost:1/a.jpg", "image/jpeg", 1)),
            Map.of());

    assertThatThrownBy(() -> connector.publish(account, unreachable))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e).hasMessageContaining("could not fetch the image");
            });
  }

  @Test
  void reportsAnUnknownBoardAsPermanent() {
    assertThatThrownBy(() -> connector.publish(account, image("x", Map.of("board_id", "404"))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e).hasMessage("Board not found.");
            });
  }

  @Test
  void reportsABadTokenAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(
            Platform.PINTEREST, USER, "bakery", "stale", Map.of("board_id", defaultBoard));

    assertThatThrownBy(() -> connector.publish(stale, image("x", Map.of())))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Authentication failed.");
  }

  @Test
  void reportsA429AsRateLimitedForTheOneSecondWindow() {
    SANDBOX.control().failNext("pinterest", USER, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, image("x", Map.of())))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("pinterest", USER, new InjectedFailure(503, null), 1);

    assertThatThrownBy(() -> connector.publish(account, image("x", Map.of())))
        .isInstanceOf(TransientPlatformException.class);
  }

  private static PublishRequest image(String text, Map<String, Object> options) {
    return new PublishRequest(
        "t",
        text,
        List.of(
            new MediaAttachment(
                SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length)),
        options);
  }

  /** Boards are the user's own, made through Pinterest's {@code POST /v5/boards}. */
  private static String createBoard(String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(SANDBOX.pinterestApiUrl() + "/boards"))
                    .header("Authorization", "Bearer pin-token")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    return response.body().replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
  }
}

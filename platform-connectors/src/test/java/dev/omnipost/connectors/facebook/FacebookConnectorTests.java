package dev.omnipost.connectors.facebook;

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
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FacebookConnectorTests {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static final String PAGE = "104000000000001";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.FACEBOOK).orElseThrow();
  private final List<String> markers = new ArrayList<>();
  private final List<Integer> budgets = new ArrayList<>();
  private final StepContext context =
      new StepContext() {
        @Override
        public void beforeCreate(String what) {
          markers.add(what);
        }

        @Override
        public void rateLimit(int remaining, Instant resetsAt) {
          budgets.add(remaining);
        }
      };
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.FACEBOOK, PAGE, "Bakery", "page-token", Map.of());

  @BeforeEach
  void registerPage() {
    SANDBOX.control().reset();
    SandboxFixture.register("facebook", PAGE, "Bakery", "page-token");
  }

  @Test
  void publishesTextWithALinkAsAFeedPostWithItsPermalink() {
    List<PublishStep> steps =
        run(
            new PublishRequest(
                "t", "Open today", List.of(), Map.of("link", "https://example.com")));

    PublishStep.Done done = (PublishStep.Done) steps.get(steps.size() - 1);
    assertThat(done.platformPostId()).startsWith(PAGE + "_");
    assertThat(done.permalink())
        .isEqualTo(
            "https://www.facebook.com/" + PAGE + "/posts/" + done.platformPostId().split("_")[1]);
    assertThat(markers).containsExactly("facebook.post");
    assertThat(budgets).isNotEmpty().allMatch(remaining -> remaining < 4800);
  }

  @Test
  void publishesOneImageAsAPublishedPhoto() {
    List<PublishStep> steps = run(request("Rye", List.of(image())));

    assertThat(steps.get(steps.size() - 1)).isInstanceOf(PublishStep.Done.class);
    assertThat(markers).containsExactly("facebook.photo");
    assertThat(SANDBOX.control().posts("facebook", PAGE))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).containsExactly(SandboxFixture.imageUrl()));
  }

  @Test
  void publishesSeveralImagesAsUnpublishedPhotosAttachedToOnePost() {
    List<PublishStep> steps = run(request("Three loaves", List.of(image(), image(), image())));

    assertThat(steps.get(steps.size() - 1)).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().uploads("facebook", PAGE)).hasSize(3);
    assertThat(SANDBOX.control().posts("facebook", PAGE))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.text()).isEqualTo("Three loaves");
              assertThat(p.mediaUrls()).hasSize(3);
            });
    assertThat(markers).containsExactly("facebook.post");
  }

  @Test
  void uploadsAVideoAndWaitsForItsProcessing() {
    List<PublishStep> steps = run(request("Kneading", List.of(video())));

    PublishStep.Done done = (PublishStep.Done) steps.get(steps.size() - 1);
    assertThat(steps)
        .filteredOn(s -> s instanceof PublishStep.Wait w && !w.checkAfter().isZero())
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(done.permalink())
        .isEqualTo("https://www.facebook.com/" + PAGE + "/videos/" + done.platformPostId() + "/");
    assertThat(markers).containsExactly("facebook.video");
  }

  @Test
  void rejectsAVideoFacebookCannotProcess() {
    MediaAttachment notAVideo = new MediaAttachment(SandboxFixture.imageUrl(), "video/mp4", 13);

    assertThatThrownBy(() -> connector.publish(account, request("Broken", List.of(notAVideo))))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("not a supported format");
  }

  @Test
  void findsAPostOfALostCreateAndCallsAnotherTextNotCreated() {
    Instant attemptAt = Instant.now();
    PublishedPost published = connector.publish(account, request("Lost answer", List.of()));

    PostLookup lost =
        connector.findPublished(
            account,
            request("Lost answer", List.of()),
            StepState.empty(),
            new AttemptMarker("facebook.post", attemptAt));
    PostLookup never =
        connector.findPublished(
            account,
            request("never posted", List.of()),
            StepState.empty(),
            new AttemptMarker("facebook.post", attemptAt));

    assertThat(lost)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
  }

  @Test
  void findsAVideoOfALostUpload() {
    Instant attemptAt = Instant.now();
    PublishedPost published = connector.publish(account, request("Lost video", List.of(video())));

    PostLookup lost =
        connector.findPublished(
            account,
            request("Lost video", List.of(video())),
            StepState.empty(),
            new AttemptMarker("facebook.video", attemptAt));

    assertThat(lost)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
  }

  @Test
  void resolvesADuplicateRefusalToTheExistingPost() {
    PublishedPost first = connector.publish(account, request("Same words", List.of()));

    PublishedPost again = connector.publish(account, request("Same words", List.of()));

    assertThat(again).isEqualTo(first);
    assertThat(SANDBOX.control().posts("facebook", PAGE)).hasSize(1);
  }

  @Test
  void deletesAPostAndCallsASecondDeleteAlreadyGone() {
    PublishedPost published = connector.publish(account, request("Brief", List.of()));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(SANDBOX.control().posts("facebook", PAGE)).isEmpty();
  }

  @Test
  void readsReactionsCommentsAndSharesAndListsComments() {
    PublishedPost published = connector.publish(account, request("Counted", List.of()));
    SandboxFixture.control(
        "/_sandbox/facebook/comments",
        "{\"post_id\":\""
            + published.platformPostId()
            + "\",\"name\":\"Ann\",\"message\":\"Yum\"}");

    MetricsResult metrics = connector.metrics(account, published.platformPostId());
    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> {
              assertThat(m.counters()).containsOnlyKeys("likes", "comments", "shares");
              assertThat(m.counters()).containsEntry("comments", 1L);
            });
    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.authorName()).isEqualTo("Ann");
              assertThat(c.text()).isEqualTo("Yum");
              assertThat(c.createdAt()).isNotNull();
            });
  }

  @Test
  void answersHidesLikesAndDeletesCommentsOnThePagesPostsAsGraphDoes() {
    PublishedPost published = connector.publish(account, request("Fresh bread", List.of()));
    String comment = comment(published, "Ann", "Is it vegan?");
    String rude = comment(published, "Troll", "Bad bread");

    String reply = connector.replyToComment(account, comment, "Yes, all of it");
    connector.hideComment(account, rude, true);
    connector.likeComment(account, comment, true);
    String message = connector.privateReply(account, comment, "Sent you the recipe");

    assertThat(sandboxComments(published))
        .extracting(c -> c.get("id") + " " + c.get("hidden") + " " + c.get("liked"))
        .containsExactly(comment + " false true", rude + " true false", reply + " false false");
    assertThat(sandboxComments(published).get(2))
        .containsEntry("parent_id", comment)
        .containsEntry("from_id", PAGE)
        .containsEntry("message", "Yes, all of it");
    assertThat(sandboxComments(published).get(0))
        .containsEntry("private_reply", "Sent you the recipe");
    assertThat(message).startsWith("m_");
    // the synced comments carry the reply with its parent
    assertThat(connector.listRecentComments(account))
        .filteredOn(c -> c.platformCommentId().equals(reply))
        .singleElement()
        .satisfies(c -> assertThat(c.parentId()).isEqualTo(comment));

    connector.likeComment(account, comment, false);
    connector.hideComment(account, rude, false);
    connector.deleteComment(account, reply);
    connector.deleteComment(account, reply); // already gone counts as deleted

    assertThat(sandboxComments(published))
        .extracting(c -> c.get("id") + " " + c.get("hidden") + " " + c.get("liked"))
        .containsExactly(comment + " false false", rude + " false false");
  }

  @Test
  void refusesASecondPrivateReplyAndHidingThePagesOwnCommentWithGraphsMessages() {
    PublishedPost published = connector.publish(account, request("Rolls", List.of()));
    String comment = comment(published, "Ann", "Price?");
    String own = connector.replyToComment(account, comment, "Two euros");
    connector.privateReply(account, comment, "Details sent");

    assertThatThrownBy(() -> connector.privateReply(account, comment, "Again"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("10900");
    assertThatThrownBy(() -> connector.hideComment(account, own, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("cannot hide its own comments");
    assertThatThrownBy(() -> connector.replyToComment(account, "999_1", "Hello"))
        .isInstanceOf(PermanentPlatformException.class);
  }

  private static String comment(PublishedPost post, String name, String message) {
    String answer =
        SandboxFixture.control(
            "/_sandbox/facebook/comments",
            "{\"post_id\":\""
                + post.platformPostId()
                + "\",\"name\":\""
                + name
                + "\",\"message\":\""
                + message
                + "\"}");
    return JSON.readTree(answer).path("id").asString();
  }

  private static List<Map<String, Object>> sandboxComments(PublishedPost post) {
    return JSON.readValue(
        SandboxFixture.get("/_sandbox/facebook/comments?post_id=" + post.platformPostId()),
        new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
  }

  @Test
  void reportsAnUnfetchablePhotoWithFacebooksMessage() {
    MediaAttachment unreachable = new MediaAttachment("http://localhost:1/a.jpg", "image/jpeg", 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of(unreachable))))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("could not be fetched");
  }

  @Test
  void reportsAnUnknownPageTokenAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(Platform.FACEBOOK, PAGE, "Bakery", "stale", Map.of());

    assertThatThrownBy(() -> connector.publish(stale, request("x", List.of())))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessageContaining("Invalid OAuth access token");
  }

  @Test
  void reportsPageThrottlingAsRateLimitedForTheEstimatedTimeToRegainAccess() {
    SANDBOX.control().failNext("facebook", PAGE, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of())))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("facebook", PAGE, new InjectedFailure(500, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of())))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  /** Runs every step, re-reading the state as the worker stores it. */
  private List<PublishStep> run(PublishRequest request) {
    List<PublishStep> steps = new ArrayList<>();
    StepState state = StepState.empty();
    for (int i = 0; i < 50; i++) {
      PublishStep step =
          connector.nextPublishStep(account, request, StepState.parse(state.toJson()), context);
      steps.add(step);
      if (!(step instanceof PublishStep.Wait wait)) {
        return steps;
      }
      state = wait.state();
    }
    throw new AssertionError("no end after 50 steps: " + steps);
  }

  private static PublishRequest request(String text, List<MediaAttachment> media) {
    return new PublishRequest("t", text, media, Map.of());
  }

  private static MediaAttachment image() {
    return new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length);
  }

  private static MediaAttachment video() {
    return new MediaAttachment(SandboxFixture.videoUrl(), "video/mp4", SandboxFixture.MP4.length);
  }
}

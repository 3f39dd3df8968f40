package dev.omnipost.connectors.bluesky;

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

class BlueskyConnectorTests {

  private static final String DID = "did:plc:bakery7";
  private static final String HANDLE = "bakery.bsky.social";
  private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.BLUESKY).orElseThrow();
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
      SandboxFixture.credentials(Platform.BLUESKY, DID, HANDLE, APP_PASSWORD, Map.of());

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("bluesky", DID, HANDLE, APP_PASSWORD);
    SandboxFixture.register("bluesky", "did:plc:miller", "miller.bsky.social", "other-password");
  }

  @Test
  void publishesTextWithLinkAndMentionFacetsAtUtf8ByteOffsets() {
    String text = "Crème brûlée 🍮 with @miller.bsky.social, see https://example.com/menu.";

    PublishedPost published = connector.publish(account, text(text));

    assertThat(published.platformPostId()).startsWith("at://" + DID + "/app.bsky.feed.post/");
    assertThat(published.permalink())
        .startsWith("https://bsky.app/profile/" + HANDLE + "/post/")
        .endsWith(
            published.platformPostId().substring(published.platformPostId().lastIndexOf('/')));
    assertThat(SANDBOX.control().posts("bluesky", DID))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo(text));
  }

  @Test
  void uploadsEachImageAsABlobInItsOwnStepThenCreatesTheRecordOnce() {
    PublishRequest request =
        new PublishRequest("t", "Two loaves", List.of(jpeg(), jpeg()), Map.of());
    List<PublishStep> steps = new ArrayList<>();
    StepState state = StepState.empty();

    PublishStep step;
    do {
      step = connector.nextPublishStep(account, request, StepState.parse(state.toJson()), context);
      steps.add(step);
      if (step instanceof PublishStep.Wait wait) {
        state = wait.state();
      }
    } while (!(step instanceof PublishStep.Done));

    assertThat(steps).hasSize(4);
    assertThat(SANDBOX.control().uploads("bluesky", DID)).hasSize(2);
    assertThat(SANDBOX.control().posts("bluesky", DID))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).hasSize(2).allMatch(u -> u.startsWith("blob:")));
    assertThat(markers).containsExactly("bluesky.post");
    assertThat(budgets).containsExactly((5000 - 3) / 3);
  }

  @Test
  void rejectsMoreThanFourImagesAndVideo() {
    PublishStep five =
        connector.nextPublishStep(
            account,
            new PublishRequest("t", "x", List.of(jpeg(), jpeg(), jpeg(), jpeg(), jpeg()), Map.of()),
            StepState.empty(),
            context);
    PublishStep video =
        connector.nextPublishStep(
            account,
            new PublishRequest(
                "t",
                "x",
                List.of(new MediaAttachment(SandboxFixture.videoUrl(), "video/mp4", 10)),
                Map.of()),
            StepState.empty(),
            context);

    assertThat(five).isInstanceOf(PublishStep.Rejected.class);
    assertThat(video).isInstanceOf(PublishStep.Rejected.class);
  }

  @Test
  void findsTheRecordOfALostCreateByItsKeyAndCallsAnUnusedKeyNotCreated() {
    StepState keyed =
        ((PublishStep.Wait)
                connector.nextPublishStep(account, text("Lost"), StepState.empty(), context))
            .state();
    PublishStep.Done done =
        (PublishStep.Done) connector.nextPublishStep(account, text("Lost"), keyed, context);
    StepState unused =
        ((PublishStep.Wait)
                connector.nextPublishStep(account, text("Never"), StepState.empty(), context))
            .state();
    AttemptMarker attempt = new AttemptMarker("bluesky.post", Instant.now());

    PostLookup lost = connector.findPublished(account, text("Lost"), keyed, attempt);
    PostLookup never = connector.findPublished(account, text("Never"), unused, attempt);

    assertThat(lost).isEqualTo(new PostLookup.Found(done.platformPostId(), done.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
  }

  @Test
  void aRepeatedCreateWithTheSameKeyIsThePostAlreadyMade() {
    StepState keyed =
        ((PublishStep.Wait)
                connector.nextPublishStep(account, text("Once"), StepState.empty(), context))
            .state();

    PublishStep first = connector.nextPublishStep(account, text("Once"), keyed, context);
    PublishStep again = connector.nextPublishStep(account, text("Once"), keyed, context);

    assertThat(again).isEqualTo(first);
    assertThat(SANDBOX.control().posts("bluesky", DID)).hasSize(1);
  }

  @Test
  void deletesAPostAndCallsASecondDeleteAlreadyGone() {
    PublishedPost published = connector.publish(account, text("Brief"));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(SANDBOX.control().posts("bluesky", DID)).isEmpty();
  }

  @Test
  void readsLikesSharesAndRepliesAndListsReplies() {
    PublishedPost published = connector.publish(account, text("Counted"));
    SandboxFixture.control(
        "/_sandbox/bluesky/replies",
        "{\"uri\":\""
            + published.platformPostId()
            + "\",\"handle\":\"fan.bsky.social\",\"text\":\"Yum\"}");

    MetricsResult metrics = connector.metrics(account, published.platformPostId());
    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> {
              assertThat(m.counters()).containsOnlyKeys("likes", "shares", "comments");
              assertThat(m.counters()).containsEntry("comments", 1L);
            });
    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.parentId()).isNull(); // it answers the post itself
              assertThat(c.authorName()).isEqualTo("fan.bsky.social");
              assertThat(c.text()).isEqualTo("Yum");
            });
  }

  @Test
  void refreshesAnExpiredAccessTokenAndCarriesOn() {
    connector.publish(account, text("Before expiry"));
    SandboxFixture.control("/_sandbox/bluesky/expire-sessions", "{\"account_id\":\"" + DID + "\"}");

    PublishedPost after = connector.publish(account, text("After expiry"));

    assertThat(after.platformPostId()).isNotBlank();
    assertThat(SANDBOX.control().posts("bluesky", DID)).hasSize(2);
  }

  @Test
  void opensANewSessionWhenTheOldOneIsGone() {
    connector.publish(account, text("First session"));
    SANDBOX.control().reset();
    SandboxFixture.register("bluesky", DID, HANDLE, APP_PASSWORD);

    PublishedPost published = connector.publish(account, text("Second session"));

    assertThat(published.platformPostId()).isNotBlank();
  }

  @Test
  void reportsARefusedAppPasswordAsAuthExpired() {
    AccountCredentials revoked =
        SandboxFixture.credentials(Platform.BLUESKY, DID, HANDLE, "revoked-password", Map.of());

    assertThatThrownBy(() -> connector.publish(revoked, text("x")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Invalid identifier or password");
  }

  @Test
  void reportsA429AsRateLimitedUntilRatelimitReset() {
    connector.publish(account, text("session first"));
    SANDBOX.control().failNext("bluesky", DID, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
            });
  }

  @Test
  void reportsTextOverThreeHundredGraphemesWithThePdssMessage() {
    assertThatThrownBy(() -> connector.publish(account, text("é".repeat(301))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> assertThat(e).hasMessageContaining("must not be longer than 300 graphemes"));
  }

  @Test
  void reportsUpstreamFailuresAsTransient() {
    connector.publish(account, text("session first"));
    SANDBOX.control().failNext("bluesky", DID, new InjectedFailure(502, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  private static PublishRequest text(String text) {
    return new PublishRequest("t", text, List.of(), Map.of());
  }

  private static MediaAttachment jpeg() {
    return new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length);
  }
}

package dev.omnipost.connectors.steps;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.SandboxFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The step functions of the Mastodon and Instagram connectors against the sandbox. */
class PublishStepsTests {

  private static final String MASTODON_ACCOUNT = "2001";
  private static final String IG_USER = "17841400000002001";

  private final PlatformConnector mastodon =
      SandboxFixture.connectors().forPlatform(Platform.MASTODON).orElseThrow();
  private final PlatformConnector instagram =
      SandboxFixture.connectors().forPlatform(Platform.INSTAGRAM).orElseThrow();
  private final AccountCredentials mastodonAccount =
      SandboxFixture.credentials(
          Platform.MASTODON,
          MASTODON_ACCOUNT,
          "steps",
          "steps-token",
          Map.of("instance_url", SANDBOX.mastodonInstanceUrl()));
  private final AccountCredentials instagramAccount =
      SandboxFixture.credentials(Platform.INSTAGRAM, IG_USER, "stepper", "ig-steps", Map.of());
  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;

  @BeforeEach
  void registerAccounts() {
    SANDBOX.control().reset();
    SandboxFixture.register("mastodon", MASTODON_ACCOUNT, "steps", "steps-token");
    SandboxFixture.register("instagram", IG_USER, "stepper", "ig-steps");
  }

  @Test
  void mastodonUploadsOneMediaPerStepAndResumesFromTheStoredStateWithoutUploadingAgain() {
    PublishRequest request =
        new PublishRequest("tgt-1", "With a photo", List.of(image()), Map.of());

    PublishStep upload =
        mastodon.nextPublishStep(mastodonAccount, request, StepState.empty(), context);
    StepState stored = StepState.parse(((PublishStep.Wait) upload).state().toJson());
    PublishStep afterResume = runUntilDone(mastodon, mastodonAccount, request, stored, context);

    assertThat(afterResume).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().uploads("mastodon", MASTODON_ACCOUNT)).hasSize(1);
    assertThat(SANDBOX.control().posts("mastodon", MASTODON_ACCOUNT)).hasSize(1);
    assertThat(markers).containsExactly("mastodon.status");
  }

  @Test
  void mastodonLookupReplaysTheIdempotencyKeyAndFindsTheStatusItCreated() {
    PublishRequest request = new PublishRequest("tgt-2", "Did it go?", List.of(), Map.of());
    PublishStep.Done done =
        (PublishStep.Done)
            mastodon.nextPublishStep(mastodonAccount, request, StepState.empty(), context);

    PostLookup lookup =
        mastodon.findPublished(
            mastodonAccount,
            request,
            StepState.empty(),
            new AttemptMarker("mastodon.status", Instant.now()));

    assertThat(lookup).isEqualTo(new PostLookup.Found(done.platformPostId(), done.permalink()));
    assertThat(SANDBOX.control().posts("mastodon", MASTODON_ACCOUNT)).hasSize(1);
  }

  @Test
  void mastodonLookupAfterTheIdempotencyWindowSearchesRecentStatusesByText() {
    PublishRequest request = new PublishRequest("tgt-3", "Old & lost", List.of(), Map.of());
    PublishStep.Done done =
        (PublishStep.Done)
            mastodon.nextPublishStep(mastodonAccount, request, StepState.empty(), context);
    AttemptMarker twoHoursAgo =
        new AttemptMarker("mastodon.status", Instant.now().minus(Duration.ofHours(2)));

    PostLookup found =
        mastodon.findPublished(mastodonAccount, request, StepState.empty(), twoHoursAgo);
    PostLookup other =
        mastodon.findPublished(
            mastodonAccount,
            new PublishRequest("tgt-4", "never posted", List.of(), Map.of()),
            StepState.empty(),
            twoHoursAgo);

    assertThat(found).isEqualTo(new PostLookup.Found(done.platformPostId(), done.permalink()));
    assertThat(other).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(SANDBOX.control().posts("mastodon", MASTODON_ACCOUNT)).hasSize(1);
  }

  @Test
  void instagramWaitsForTheContainerAsAStepAndNeverCreatesASecondOneWhenResumed() {
    PublishRequest request = new PublishRequest("tgt-5", "Croissants", List.of(image()), Map.of());

    PublishStep created =
        instagram.nextPublishStep(instagramAccount, request, StepState.empty(), context);
    StepState stored = StepState.parse(((PublishStep.Wait) created).state().toJson());
    PublishStep done = runUntilDone(instagram, instagramAccount, request, stored, context);

    assertThat(((PublishStep.Wait) created).checkAfter()).isPositive();
    assertThat(done).isInstanceOf(PublishStep.Done.class);
    assertThat(((PublishStep.Done) done).permalink()).contains("/instagram/p/");
    assertThat(SANDBOX.control().uploads("instagram", IG_USER)).hasSize(1);
    assertThat(markers).containsExactly("instagram.container", "instagram.publish");
  }

  @Test
  void instagramLookupFindsAPublishedContainersMediaAndCallsAFinishedOneNotCreated() {
    PublishRequest request = new PublishRequest("tgt-6", "Baguette", List.of(image()), Map.of());
    StepState state = StepState.empty();
    PublishStep step;
    do {
      step = instagram.nextPublishStep(instagramAccount, request, state, context);
      state = step instanceof PublishStep.Wait wait ? wait.state() : state;
    } while (!state.has("container_ready"));
    AttemptMarker publishing = new AttemptMarker("instagram.publish", Instant.now());

    PostLookup beforePublish =
        instagram.findPublished(instagramAccount, request, state, publishing);
    PublishStep.Done done =
        (PublishStep.Done) runUntilDone(instagram, instagramAccount, request, state, context);
    PostLookup afterPublish = instagram.findPublished(instagramAccount, request, state, publishing);

    assertThat(beforePublish).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(afterPublish)
        .isEqualTo(new PostLookup.Found(done.platformPostId(), done.permalink()));
  }

  @Test
  void instagramCannotDeleteAndSaysSo() {
    assertThat(instagram.delete(instagramAccount, "1"))
        .isInstanceOf(DeleteResult.Unsupported.class);
  }

  @Test
  void mastodonDeletesAStatusAndCallsASecondDeleteAlreadyGone() {
    PublishStep.Done done =
        (PublishStep.Done)
            mastodon.nextPublishStep(
                mastodonAccount,
                new PublishRequest("tgt-7", "Short-lived", List.of(), Map.of()),
                StepState.empty(),
                context);

    DeleteResult first = mastodon.delete(mastodonAccount, done.platformPostId());
    DeleteResult second = mastodon.delete(mastodonAccount, done.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(SANDBOX.control().posts("mastodon", MASTODON_ACCOUNT)).isEmpty();
  }

  private static PublishStep runUntilDone(
      PlatformConnector connector,
      AccountCredentials account,
      PublishRequest request,
      StepState state,
      StepContext context) {
    for (int i = 0; i < 50; i++) {
      PublishStep step = connector.nextPublishStep(account, request, state, context);
      if (!(step instanceof PublishStep.Wait wait)) {
        return step;
      }
      state = StepState.parse(wait.state().toJson());
    }
    throw new AssertionError("no outcome after 50 steps");
  }

  private static MediaAttachment image() {
    return new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length);
  }
}

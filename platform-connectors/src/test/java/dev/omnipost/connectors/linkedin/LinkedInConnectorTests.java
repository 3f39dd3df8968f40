package dev.omnipost.connectors.linkedin;

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
import dev.omnipost.connectors.UnsupportedPlatformOperationException;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LinkedInConnectorTests {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static final String MEMBER = "abc123XYZ";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.LINKEDIN).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.LINKEDIN, MEMBER, "Ada Baker", "li-token", Map.of());
  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("linkedin", MEMBER, "Ada Baker", "li-token");
  }

  @Test
  void postsAsTheMemberWithTheIdFromTheRestliHeader() {
    PublishStep.Done done =
        (PublishStep.Done)
            connector.nextPublishStep(account, text("Hiring bakers"), StepState.empty(), context);

    assertThat(done.platformPostId()).startsWith("urn:li:share:");
    assertThat(done.permalink())
        .isEqualTo("https://www.linkedin.com/feed/update/" + done.platformPostId());
    assertThat(SANDBOX.control().posts("linkedin", MEMBER))
        .singleElement()
        .satisfies(p -> assertThat(p.id()).isEqualTo(done.platformPostId()));
    assertThat(markers).containsExactly("linkedin.post");
  }

  @Test
  void escapesReservedCharactersSoTheWholeTextIsShown() {
    String text = "New (sourdough) #bread @ 5 * 2_for_1 ~ [today] {only} <3 | back\\slash";

    connector.publish(account, text(text));

    assertThat(SANDBOX.control().posts("linkedin", MEMBER))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo(text));
  }

  @Test
  void postsAsAnOrganizationTheMemberAdministers() {
    SandboxFixture.control(
        "/_sandbox/linkedin/organizations",
        "{\"account_id\":\"" + MEMBER + "\",\"organization_id\":\"2414183\"}");
    PublishRequest asCompany =
        new PublishRequest(
            "target",
            "Company news",
            List.of(),
            Map.of("author", "organization", "organization_id", "2414183"));

    PublishedPost published = connector.publish(account, asCompany);

    assertThat(published.platformPostId()).startsWith("urn:li:share:");
    assertThat(SANDBOX.control().posts("linkedin", MEMBER)).hasSize(1);
  }

  @Test
  void reportsPostingAsAnOrganizationTheMemberDoesNotAdministerAsPermanent() {
    PublishRequest asStranger =
        new PublishRequest(
            "target",
            "Not ours",
            List.of(),
            Map.of("author", "organization", "organization_id", "99"));

    assertThatThrownBy(() -> connector.publish(account, asStranger))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e)
                  .hasMessageStartingWith(
                      "Not enough permissions to access: partnerApiPostsExternal.CREATE");
            });
    assertThat(SANDBOX.control().posts("linkedin", MEMBER)).isEmpty();
  }

  @Test
  void refusesAnOrganizationAuthorWithoutAnOrganizationId() {
    PublishRequest incomplete =
        new PublishRequest("target", "x", List.of(), Map.of("author", "organization"));

    assertThatThrownBy(() -> connector.publish(account, incomplete))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("organization_id");
  }

  @Test
  void uploadsAnImageWaitsUntilAvailableThenPostsIt() {
    PublishRequest request =
        new PublishRequest(
            "target",
            "Our oven",
            List.of(new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", 13)),
            Map.of());

    PublishStep upload = connector.nextPublishStep(account, request, StepState.empty(), context);
    PublishStep done = runUntilDone(request, ((PublishStep.Wait) upload).state());

    assertThat(done).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().uploads("linkedin", MEMBER)).hasSize(1);
    assertThat(SANDBOX.control().posts("linkedin", MEMBER))
        .singleElement()
        .satisfies(
            p -> assertThat(p.mediaUrls()).singleElement().asString().startsWith("urn:li:image:"));
  }

  @Test
  void uploadsAVideoInTheVideosApiPartsFinalizesItWaitsUntilAvailableThenPostsIt() {
    PublishRequest request =
        new PublishRequest(
            "target",
            "Our oven, moving",
            List.of(
                new MediaAttachment(
                    SandboxFixture.videoUrl(), "video/mp4", SandboxFixture.MP4.length)),
            Map.of());

    PublishStep upload = connector.nextPublishStep(account, request, StepState.empty(), context);
    assertThat(((PublishStep.Wait) upload).state().text("image_pending"))
        .startsWith("urn:li:video:");
    PublishStep done = runUntilDone(request, ((PublishStep.Wait) upload).state());

    assertThat(done).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().posts("linkedin", MEMBER))
        .singleElement()
        .satisfies(
            p -> assertThat(p.mediaUrls()).singleElement().asString().startsWith("urn:li:video:"));
  }

  @Test
  void postsSeveralImagesAsAMultiImagePost() {
    PublishRequest request =
        new PublishRequest(
            "target",
            "Two loaves",
            List.of(
                new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", 13),
                new MediaAttachment(SandboxFixture.imageUrl() + "?b", "image/jpeg", 13)),
            Map.of());

    connector.publish(account, request);

    assertThat(SANDBOX.control().posts("linkedin", MEMBER))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).hasSize(2));
  }

  @Test
  void findsThePostOfALostCreateInsteadOfPostingTwice() {
    Instant attemptAt = Instant.now();
    PublishedPost published = connector.publish(account, text("Lost (answer)"));

    PostLookup lost =
        connector.findPublished(
            account,
            text("Lost (answer)"),
            StepState.empty(),
            new AttemptMarker("linkedin.post", attemptAt));
    PostLookup never =
        connector.findPublished(
            account,
            text("never posted"),
            StepState.empty(),
            new AttemptMarker("linkedin.post", attemptAt));

    assertThat(lost)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(SANDBOX.control().posts("linkedin", MEMBER)).hasSize(1);
  }

  @Test
  void takesThePostLinkedInNamesWhenItRefusesADuplicate() {
    PublishedPost first = connector.publish(account, text("Said once"));

    PublishStep again =
        connector.nextPublishStep(account, text("Said once"), StepState.empty(), context);

    assertThat(again).isEqualTo(new PublishStep.Done(first.platformPostId(), first.permalink()));
    assertThat(SANDBOX.control().posts("linkedin", MEMBER)).hasSize(1);
  }

  @Test
  void deletesAPostAndDeletingAgainIsFine() {
    PublishedPost published = connector.publish(account, text("Gone soon"));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(SANDBOX.control().posts("linkedin", MEMBER)).isEmpty();
  }

  @Test
  void readsLikesAndCommentsAndListsComments() {
    PublishedPost published = connector.publish(account, text("Thoughts?"));
    SandboxFixture.control(
        "/_sandbox/linkedin/comments",
        "{\"post_urn\":\""
            + published.platformPostId()
            + "\",\"actor_name\":\"Bo\",\"text\":\"Great\"}");

    var metrics = (MetricsResult.Counted) connector.metrics(account, published.platformPostId());
    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(metrics.counters()).containsEntry("comments", 1L).containsKey("likes");
    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.text()).isEqualTo("Great");
              assertThat(c.authorId()).startsWith("urn:li:person:");
            });
  }

  @Test
  void answersLikesAndDeletesCommentsAndListsRepliesUnderThem() {
    PublishedPost published = connector.publish(account, text("Who likes rye?"));
    String bo = comment(published.platformPostId(), null, "Bo", "Me!");

    String reply = connector.replyToComment(account, bo, "Thanks Bo");
    connector.likeComment(account, bo, true);
    String again = comment(published.platformPostId(), bo, "Bo", "Every day");

    assertThat(bo).startsWith("urn:li:comment:(" + published.platformPostId() + ",");
    assertThat(connector.listRecentComments(account))
        .extracting(c -> c.platformCommentId() + " " + c.parentId())
        .containsExactly(bo + " null", again + " " + bo); // the member's own reply is left out
    JsonNode onLinkedIn = sandboxComments(published);
    assertThat(onLinkedIn).hasSize(3);
    assertThat(onLinkedIn.get(0).path("reactions").path("urn:li:person:" + MEMBER).asString())
        .isEqualTo("LIKE");
    assertThat(onLinkedIn.get(1).path("urn").asString()).isEqualTo(reply);
    assertThat(onLinkedIn.get(1).path("parent_comment").asString()).isEqualTo(bo);
    assertThat(onLinkedIn.get(1).path("actor").asString()).isEqualTo("urn:li:person:" + MEMBER);
    assertThat(onLinkedIn.get(1).path("text").asString()).isEqualTo("Thanks Bo");

    connector.likeComment(account, bo, false);
    connector.likeComment(account, bo, false); // a like already gone is unliked
    connector.deleteComment(account, reply);
    connector.deleteComment(account, reply); // already gone counts as deleted

    assertThat(sandboxComments(published))
        .extracting(c -> c.path("urn").asString() + " " + c.path("reactions").size())
        .containsExactly(bo + " 0", again + " 0");
    assertThat(connector.supports(InboxOperation.HIDE_COMMENT)).isFalse();
    assertThat(connector.deletesOwnCommentsOnly()).isTrue();
    assertThatThrownBy(() -> connector.hideComment(account, bo, true))
        .isInstanceOf(UnsupportedPlatformOperationException.class);
  }

  @Test
  void refusesDeletingAnothersCommentAndAnswersToAnUnknownOneWithLinkedInsMessages() {
    PublishedPost published = connector.publish(account, text("Opening hours?"));
    String bo = comment(published.platformPostId(), null, "Bo", "9 to 5?");

    assertThatThrownBy(() -> connector.deleteComment(account, bo))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("Not enough permissions");
    assertThatThrownBy(
            () -> connector.replyToComment(account, "urn:li:comment:(urn:li:share:1,2)", "Hello"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(
            () -> connector.likeComment(account, "urn:li:comment:(urn:li:share:1,2)", true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> connector.replyToComment(account, "12345", "Hello"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("not a LinkedIn comment URN");
    assertThat(sandboxComments(published)).hasSize(1);
  }

  private static String comment(String postUrn, String parent, String name, String text) {
    String body =
        "{\"post_urn\":\""
            + postUrn
            + "\","
            + (parent == null ? "" : "\"parent_comment\":\"" + parent + "\",")
            + "\"actor_name\":\""
            + name
            + "\",\"text\":\""
            + text
            + "\"}";
    return JSON.readTree(SandboxFixture.control("/_sandbox/linkedin/comments", body))
        .path("urn")
        .asString();
  }

  private static JsonNode sandboxComments(PublishedPost post) {
    return JSON.readTree(
        SandboxFixture.get(
            "/_sandbox/linkedin/comments?post_urn="
                + java.net.URLEncoder.encode(
                    post.platformPostId(), java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void reportsAnInvalidTokenAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(Platform.LINKEDIN, MEMBER, "Ada Baker", "stale", Map.of());

    assertThatThrownBy(() -> connector.publish(stale, text("x")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Invalid access token");
  }

  @Test
  void reportsARevokedTokenAsAuthExpired() {
    SANDBOX
        .control()
        .failNext(
            "linkedin",
            MEMBER,
            new InjectedFailure(
                401,
                "{\"status\":401,\"serviceErrorCode\":65601,\"code\":\"REVOKED_ACCESS_TOKEN\",\"message\":\"The token used in the request has been revoked by the user\"}"),
            1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("The token used in the request has been revoked by the user");
  }

  @Test
  void reportsAnInactiveApiVersionAsPermanent() {
    LinkedInConnector outdated =
        new LinkedInConnector(
            PlatformHttp.restClient(Duration.ofSeconds(5)),
            SANDBOX.linkedinApiUrl(),
            Duration.ofMillis(10),
            Duration.ofSeconds(5),
            25,
            "202401",
            Clock.systemUTC());

    assertThatThrownBy(() -> outdated.publish(account, text("x")))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(426);
              assertThat(e).hasMessage("Requested version 202401 is not active");
            });
  }

  @Test
  void reportsTheDailyThrottleAsRateLimitedUntilMidnightUtc() {
    SANDBOX.control().failNext("linkedin", MEMBER, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
            });
  }

  @Test
  void reportsTooLongCommentaryAsPermanentWithLinkedInsMessage() {
    assertThatThrownBy(() -> connector.publish(account, text("a".repeat(3001))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e).hasMessageContaining("/commentary");
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("linkedin", MEMBER, new InjectedFailure(503, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  private PublishStep runUntilDone(PublishRequest request, StepState state) {
    for (int i = 0; i < 20; i++) {
      PublishStep step = connector.nextPublishStep(account, request, state, context);
      if (!(step instanceof PublishStep.Wait wait)) {
        return step;
      }
      state = StepState.parse(wait.state().toJson());
    }
    throw new AssertionError("no outcome after 20 steps");
  }

  private static PublishRequest text(String text) {
    return new PublishRequest("target", text, List.of(), Map.of());
  }
}

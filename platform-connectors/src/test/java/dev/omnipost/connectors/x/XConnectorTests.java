package dev.omnipost.connectors.x;

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
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.SyncPage;
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

class XConnectorTests {

  private static final String USER = "1500000000000000042";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.TWITTER).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.TWITTER, USER, "bakery", "x-token", Map.of());
  private final List<String> markers = new ArrayList<>();
  private final List<Integer> remaining = new ArrayList<>();
  private final StepContext context =
      new StepContext() {
        @Override
        public void beforeCreate(String what) {
          markers.add(what);
        }

        @Override
        public void rateLimit(int left, Instant resetsAt) {
          remaining.add(left);
        }
      };

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("twitter", USER, "bakery", "x-token");
  }

  @Test
  void tweetsTextAndBuildsThePermalinkFromTheHandle() {
    PublishStep step =
        connector.nextPublishStep(account, text("Fresh bread at 7"), StepState.empty(), context);

    PublishStep.Done done = (PublishStep.Done) step;
    assertThat(done.permalink()).isEqualTo("https://x.com/bakery/status/" + done.platformPostId());
    assertThat(SANDBOX.control().posts("twitter", USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(done.platformPostId());
              assertThat(p.text()).isEqualTo("Fresh bread at 7");
            });
    assertThat(markers).containsExactly("twitter.tweet");
    assertThat(remaining).containsExactly(99);
  }

  @Test
  void uploadsAnImageThenTweetsItsMediaId() {
    PublishedPost published =
        connector.publish(
            account, withMedia("Croissants", SandboxFixture.imageUrl(), "image/jpeg"));

    assertThat(SANDBOX.control().uploads("twitter", USER)).hasSize(1);
    assertThat(SANDBOX.control().posts("twitter", USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(published.platformPostId());
              assertThat(p.mediaUrls()).hasSize(1);
            });
  }

  @Test
  void uploadsAVideoInChunksOneStepEachAndWaitsForProcessing() {
    XConnector smallChunks =
        new XConnector(
            PlatformHttp.restClient(Duration.ofSeconds(5)),
            SANDBOX.xApiUrl(),
            Duration.ofMillis(10),
            Duration.ofSeconds(5),
            4_000,
            Clock.systemUTC());
    PublishRequest request = withMedia("Oven tour", SandboxFixture.videoUrl(), "video/mp4");

    List<PublishStep> steps = new ArrayList<>();
    StepState state = StepState.empty();
    PublishStep step;
    do {
      step = smallChunks.nextPublishStep(account, request, state, context);
      steps.add(step);
      state =
          step instanceof PublishStep.Wait wait ? StepState.parse(wait.state().toJson()) : state;
    } while (step instanceof PublishStep.Wait && steps.size() < 20);

    assertThat(step).isInstanceOf(PublishStep.Done.class);
    // initialize, append (3 chunks of 4,000 bytes), finalize (pending), STATUS (in_progress),
    // STATUS (succeeded), tweet
    assertThat(steps).hasSize(6);
    assertThat(((PublishStep.Wait) steps.get(2)).checkAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(SANDBOX.control().uploads("twitter", USER)).hasSize(1);
    assertThat(SANDBOX.control().posts("twitter", USER))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).hasSize(1));
  }

  @Test
  void rejectsAVideoXCannotProcessWithXsReason() {
    PublishRequest notAVideo = withMedia("Broken", SandboxFixture.imageUrl(), "video/mp4");

    assertThatThrownBy(() -> connector.publish(account, notAVideo))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("X could not process the media: Unsupported video format");
    assertThat(SANDBOX.control().posts("twitter", USER)).isEmpty();
  }

  @Test
  void findsTheTweetOfALostCreateInsteadOfTweetingTwice() {
    Instant attemptAt = Instant.now();
    PublishStep.Done done =
        (PublishStep.Done)
            connector.nextPublishStep(
                account, text("Did it go & out?"), StepState.empty(), context);

    PostLookup lost =
        connector.findPublished(
            account,
            text("Did it go & out?"),
            StepState.empty(),
            new AttemptMarker("twitter.tweet", attemptAt));
    PostLookup never =
        connector.findPublished(
            account,
            text("never tweeted"),
            StepState.empty(),
            new AttemptMarker("twitter.tweet", attemptAt));

    assertThat(lost).isEqualTo(new PostLookup.Found(done.platformPostId(), done.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(SANDBOX.control().posts("twitter", USER)).hasSize(1);
  }

  @Test
  void takesTheExistingTweetWhenXRefusesTheCreateAsDuplicateContent() {
    PublishedPost first = connector.publish(account, text("Same words"));

    PublishStep again =
        connector.nextPublishStep(account, text("Same words"), StepState.empty(), context);

    assertThat(again).isEqualTo(new PublishStep.Done(first.platformPostId(), first.permalink()));
    assertThat(SANDBOX.control().posts("twitter", USER)).hasSize(1);
  }

  @Test
  void rejectsADuplicateWhoseTweetIsOlderThanTheLookbackWithXsMessage() {
    String body =
        "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
            + "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}";
    SANDBOX.control().failNext("twitter", USER, new InjectedFailure(403, body), 1);

    PublishStep step =
        connector.nextPublishStep(account, text("Old words"), StepState.empty(), context);

    assertThat(step)
        .isEqualTo(
            new PublishStep.Rejected(
                "platform_rejected",
                "You are not allowed to create a Tweet with duplicate content."));
  }

  @Test
  void deletesATweetAndCallsASecondDeleteAlreadyGone() {
    PublishedPost published = connector.publish(account, text("Short-lived"));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(SANDBOX.control().posts("twitter", USER)).isEmpty();
  }

  @Test
  void readsPublicMetricsThatGrowAsTheTweetIsSeen() {
    PublishedPost published = connector.publish(account, text("Count me"));
    SandboxFixture.control(
        "/_sandbox/x/replies",
        "{\"tweet_id\":\""
            + published.platformPostId()
            + "\",\"username\":\"fan\",\"text\":\"yum\"}");

    var first = (MetricsResult.Counted) connector.metrics(account, published.platformPostId());
    var second = (MetricsResult.Counted) connector.metrics(account, published.platformPostId());

    assertThat(first.counters()).containsKeys("likes", "shares", "comments", "impressions");
    assertThat(first.counters().get("comments")).isEqualTo(1);
    assertThat(second.counters().get("impressions"))
        .isGreaterThan(first.counters().get("impressions"));
  }

  @Test
  void listsRepliesToTheAccountsTweetsAsComments() {
    PublishedPost published = connector.publish(account, text("Ask me"));
    String replyId =
        SandboxFixture.control(
                "/_sandbox/x/replies",
                "{\"tweet_id\":\""
                    + published.platformPostId()
                    + "\",\"username\":\"fan\",\"text\":\"When do you open?\"}")
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");

    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformCommentId()).isEqualTo(replyId);
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.parentId()).isEqualTo(published.platformPostId());
              assertThat(c.authorName()).isEqualTo("fan");
              assertThat(c.text()).isEqualTo("@bakery When do you open?");
              assertThat(c.createdAt()).isNotNull();
            });
  }

  @Test
  void listsMentionsWithTheNewestIdAsTheNextCursorAndRepliesToAComment() {
    PublishedPost published = connector.publish(account, text("Ask me more"));
    String replyId =
        SandboxFixture.control(
                "/_sandbox/x/replies",
                "{\"tweet_id\":\""
                    + published.platformPostId()
                    + "\",\"username\":\"fan\",\"text\":\"Open on Sunday?\"}")
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");

    SyncPage<PlatformMention> mentions = connector.listMentions(account, null);
    String answer = connector.replyToComment(account, replyId, "Yes, from 8");

    assertThat(mentions.items())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.platformItemId()).isEqualTo(replyId);
              assertThat(m.authorName()).isEqualTo("fan");
              assertThat(m.url()).isEqualTo("https://x.com/fan/status/" + replyId);
            });
    assertThat(mentions.nextCursor()).isEqualTo(replyId);
    assertThat(connector.supports(InboxOperation.LIST_MENTIONS)).isTrue();
    assertThat(SANDBOX.control().posts("twitter", USER))
        .anySatisfy(
            p -> {
              assertThat(p.id()).isEqualTo(answer);
              assertThat(p.text()).isEqualTo("Yes, from 8");
            });
  }

  @Test
  void likesHidesAndDeletesRepliesAsXDoes() {
    PublishedPost published = connector.publish(account, text("Rye or spelt?"));
    String fan = reply(published.platformPostId(), "fan", "Rye!");
    String troll = reply(published.platformPostId(), "troll", "Neither");

    String answer = connector.replyToComment(account, fan, "Good choice");
    connector.likeComment(account, fan, true);
    connector.likeComment(account, fan, true); // liking twice is still one like
    connector.hideComment(account, troll, true);
    connector.hideComment(account, troll, true);

    assertThat(sandboxReplies(published))
        .extracting(r -> r.path("id").asString() + " " + r.path("hidden").asBoolean())
        .containsExactly(fan + " false", troll + " true", answer + " false");
    assertThat(sandboxReplies(published).get(0).path("liked_by").toString())
        .isEqualTo("[\"" + USER + "\"]");
    assertThat(sandboxReplies(published).get(2).path("in_reply_to").asString()).isEqualTo(fan);

    connector.likeComment(account, fan, false);
    connector.hideComment(account, troll, false);
    connector.deleteComment(account, answer);
    connector.deleteComment(account, answer); // already gone counts as deleted

    assertThat(sandboxReplies(published))
        .extracting(
            r ->
                r.path("id").asString()
                    + " "
                    + r.path("hidden").asBoolean()
                    + " "
                    + r.path("liked_by").size())
        .containsExactly(fan + " false 0", troll + " false 0");
    assertThat(connector.deletesOwnCommentsOnly()).isTrue();
    assertThat(connector.supports(InboxOperation.HIDE_COMMENT)).isTrue();
    assertThat(connector.supports(InboxOperation.LIKE_COMMENT)).isTrue();
  }

  @Test
  void refusesHidingTheAccountsOwnReplyOrOneInAnotherConversationAndDeletingOthersReplies() {
    PublishedPost published = connector.publish(account, text("Open late today"));
    String fan = reply(published.platformPostId(), "fan", "Until when?");
    String own = connector.replyToComment(account, fan, "Until 9");
    SandboxFixture.register("twitter", "1500000000000000077", "mill", "mill-token");
    AccountCredentials mill =
        SandboxFixture.credentials(
            Platform.TWITTER, "1500000000000000077", "mill", "mill-token", Map.of());
    PublishedPost theirs = connector.publish(mill, text("Flour delivery"));
    String onTheirs = reply(theirs.platformPostId(), "fan", "Thanks");

    assertThatThrownBy(() -> connector.hideComment(account, own, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("conversations you authored");
    assertThatThrownBy(() -> connector.hideComment(account, onTheirs, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("conversations you authored");
    assertThatThrownBy(() -> connector.deleteComment(account, fan))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("another user");
    assertThatThrownBy(() -> connector.likeComment(account, "1", true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("Could not find tweet");
  }

  private static String reply(String tweetId, String username, String text) {
    return SandboxFixture.control(
            "/_sandbox/x/replies",
            "{\"tweet_id\":\""
                + tweetId
                + "\",\"username\":\""
                + username
                + "\",\"text\":\""
                + text
                + "\"}")
        .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
  }

  private static tools.jackson.databind.JsonNode sandboxReplies(PublishedPost post) {
    return tools.jackson.databind.json.JsonMapper.builder()
        .build()
        .readTree(SandboxFixture.get("/_sandbox/x/replies?tweet_id=" + post.platformPostId()))
        .path("data");
  }

  @Test
  void listsDirectMessagesAfterTheCursorAcrossPagesAndAnswersWithAnImage() {
    String first = dm("ana", "Open today?");
    for (int i = 0; i < 100; i++) {
      dm("bruno", "message " + i);
    }

    SyncPage<PlatformMessage> recent = connector.listMessages(account, null);
    SyncPage<PlatformMessage> fromFirst =
        connector.listMessages(account, String.valueOf(Long.parseLong(first) - 1));

    assertThat(recent.items()).hasSize(100);
    assertThat(fromFirst.items()).hasSize(101);
    PlatformMessage ana = fromFirst.items().get(0);
    assertThat(ana.platformMessageId()).isEqualTo(first);
    assertThat(ana.text()).isEqualTo("Open today?");
    assertThat(ana.fromAccount()).isFalse();
    assertThat(ana.participant().handle()).isEqualTo("ana");
    assertThat(ana.platformConversationId()).contains(USER).contains(ana.participant().id());
    assertThat(fromFirst.nextCursor()).isEqualTo(recent.nextCursor());
    assertThat(connector.listMessages(account, recent.nextCursor()).items()).isEmpty();

    String sent =
        connector.sendMessage(
            account,
            ana.platformConversationId(),
            ana.participant().id(),
            "Yes, until 6",
            List.of(new MediaAttachment(SandboxFixture.imageUrl(), "image/jpeg", 0)));

    String events = SandboxFixture.get("/_sandbox/x/dm_events?account_id=" + USER);
    assertThat(events).contains("\"id\":\"" + sent + "\"").contains("Yes, until 6");
    assertThat(events.replaceAll("(?s).*\"media_ids\":\\[\"(\\d+)\"\\].*", "$1")).matches("\\d+");
    SyncPage<PlatformMessage> own = connector.listMessages(account, recent.nextCursor());
    assertThat(own.items())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.fromAccount()).isTrue();
              assertThat(m.participant().id()).isEqualTo(ana.participant().id());
            });
    assertThat(connector.supports(InboxOperation.SEND_MESSAGE)).isTrue();
    assertThat(connector.messagingWindow()).isZero();
    assertThat(connector.messageMedia().accepts("image/png")).isTrue();
    assertThat(connector.messageMedia().accepts("video/mp4")).isFalse();
  }

  @Test
  void reportsTheSixteenthMessageIn15MinutesAsRateLimited() {
    dm("carla", "Hi");
    PlatformMessage carla = connector.listMessages(account, null).items().get(0);
    for (int i = 0; i < 15; i++) {
      connector.sendMessage(account, null, carla.participant().id(), "answer " + i, List.of());
    }

    assertThatThrownBy(
            () ->
                connector.sendMessage(account, null, carla.participant().id(), "again", List.of()))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_rate_limited"));
  }

  private static String dm(String username, String text) {
    return SandboxFixture.control(
            "/_sandbox/x/dm_events",
            "{\"account_id\":\""
                + USER
                + "\",\"username\":\""
                + username
                + "\",\"text\":\""
                + text
                + "\"}")
        .replaceAll(".*\"dm_event_id\":\"(\\d+)\".*", "$1");
  }

  @Test
  void reportsARateLimitedCreateWithTheWaitFromXsResetHeader() {
    SANDBOX.control().failNext("twitter", USER, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
            });
  }

  @Test
  void reportsAnUnknownTokenAsAuthExpired() {
    AccountCredentials stale =
        SandboxFixture.credentials(Platform.TWITTER, USER, "bakery", "revoked", Map.of());

    assertThatThrownBy(() -> connector.publish(stale, text("x")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Unauthorized");
  }

  @Test
  void reportsTooLongTextAsPermanentWithXsMessage() {
    assertThatThrownBy(() -> connector.publish(account, text("a".repeat(281))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e).hasMessage("Your Tweet text is too long.");
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("twitter", USER, new InjectedFailure(503, null), 1);

    assertThatThrownBy(() -> connector.publish(account, text("x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
    assertThat(SANDBOX.control().posts("twitter", USER)).isEmpty();
  }

  private static PublishRequest text(String text) {
    return new PublishRequest("target", text, List.of(), Map.of());
  }

  private static PublishRequest withMedia(String text, String url, String type) {
    return new PublishRequest("target", text, List.of(new MediaAttachment(url, type, 0)), Map.of());
  }
}

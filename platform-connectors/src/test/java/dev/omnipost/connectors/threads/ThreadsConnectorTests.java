package dev.omnipost.connectors.threads;

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
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
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

class ThreadsConnectorTests {

  private static final String USER = "17841400000000001";
  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.THREADS).orElseThrow();
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
      SandboxFixture.credentials(Platform.THREADS, USER, "bakery", "threads-token", Map.of());

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("threads", USER, "bakery", "threads-token");
  }

  @Test
  void publishesTextThroughAContainerAndReturnsThePermalink() {
    List<PublishStep> steps = run(request("Fresh bread at 7", List.of()));

    PublishStep.Done done = (PublishStep.Done) steps.get(steps.size() - 1);
    assertThat(done.permalink()).startsWith("https://www.threads.net/@bakery/post/");
    assertThat(SANDBOX.control().posts("threads", USER))
        .singleElement()
        .satisfies(p -> assertThat(p.text()).isEqualTo("Fresh bread at 7"));
    assertThat(markers).containsExactly("threads.publish");
    assertThat(budgets).isNotEmpty().allMatch(remaining -> remaining < 200);
  }

  @Test
  void publishesAnImage() {
    PublishedPost published = connector.publish(account, request("Rye", List.of(image())));

    assertThat(SANDBOX.control().posts("threads", USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(published.platformPostId());
              assertThat(p.mediaUrls()).containsExactly(SandboxFixture.imageUrl());
            });
  }

  @Test
  void waitsWhileAVideoContainerIsInProgress() {
    List<PublishStep> steps = run(request("Kneading", List.of(video())));

    assertThat(steps)
        .filteredOn(s -> s instanceof PublishStep.Wait w && !w.checkAfter().isZero())
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(steps.get(steps.size() - 1)).isInstanceOf(PublishStep.Done.class);
  }

  @Test
  void publishesACarouselWithOneItemContainerPerStepAndResumesWithoutASecond() {
    List<PublishStep> steps = run(request("Three loaves", List.of(image(), image(), video())));

    assertThat(steps.get(steps.size() - 1)).isInstanceOf(PublishStep.Done.class);
    assertThat(SANDBOX.control().uploads("threads", USER)).hasSize(4);
    assertThat(SANDBOX.control().posts("threads", USER))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).hasSize(3));
  }

  @Test
  void findsALostPublishByTheContainersStatusAndCallsAnUnpublishedContainerNotCreated() {
    PublishRequest request = request("Lost answer", List.of());
    StepState state = StepState.empty();
    state =
        ((PublishStep.Wait) connector.nextPublishStep(account, request, state, context)).state();
    state =
        ((PublishStep.Wait) connector.nextPublishStep(account, request, state, context)).state();
    AttemptMarker attempt = new AttemptMarker("threads.publish", Instant.now());

    PostLookup before = connector.findPublished(account, request, state, attempt);
    StepState published =
        ((PublishStep.Wait) connector.nextPublishStep(account, request, state, context)).state();
    PostLookup after = connector.findPublished(account, request, state, attempt);

    assertThat(before).isInstanceOf(PostLookup.NotCreated.class);
    assertThat(after)
        .isInstanceOfSatisfying(
            PostLookup.Found.class,
            f -> assertThat(f.platformPostId()).isEqualTo(published.text("media_id")));
  }

  @Test
  void deletesAThreadAndCallsASecondDeleteAlreadyGone() {
    PublishedPost published = connector.publish(account, request("Brief", List.of()));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
  }

  @Test
  void readsInsightsAndListsReplies() {
    PublishedPost published = connector.publish(account, request("Counted", List.of()));
    SandboxFixture.control(
        "/_sandbox/threads/replies",
        "{\"media_id\":\""
            + published.platformPostId()
            + "\",\"username\":\"fan\",\"text\":\"Yum\"}");

    MetricsResult metrics = connector.metrics(account, published.platformPostId());
    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(metrics)
        .isInstanceOfSatisfying(
            MetricsResult.Counted.class,
            m -> {
              assertThat(m.counters()).containsOnlyKeys("views", "likes", "comments", "shares");
              assertThat(m.counters()).containsEntry("comments", 1L);
            });
    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.authorName()).isEqualTo("fan");
              assertThat(c.text()).isEqualTo("Yum");
              assertThat(c.createdAt()).isNotNull();
            });
  }

  @Test
  void answersHidesAndDeletesRepliesAsThreadsDoesAndCannotLike() {
    PublishedPost published = connector.publish(account, request("Rye today", List.of()));
    String thread = published.platformPostId();
    String ann = reply(thread, "ann", "Is it vegan?");
    String bob = reply(ann, "bob", "Asking too");

    String ours = connector.replyToComment(account, ann, "Yes, all of it");
    connector.hideComment(account, ann, true);

    assertThat(sandboxReplies(thread))
        .extracting(
            r ->
                r.get("id")
                    + " "
                    + r.get("replied_to")
                    + " "
                    + r.get("by_owner")
                    + " "
                    + r.get("hidden"))
        .containsExactly(
            ann + " " + thread + " false true",
            bob + " " + ann + " false true",
            ours + " " + ann + " true true");
    assertThat(sandboxReplies(thread).get(2)).containsEntry("text", "Yes, all of it");
    // synced: others' replies at every depth, a nested one under its parent; not the account's own
    assertThat(connector.listRecentComments(account))
        .extracting(c -> c.platformCommentId() + " " + c.parentId() + " " + c.authorName())
        .containsExactly(ann + " null ann", bob + " " + ann + " bob");
    // Threads hides a nested reply only with its top-level one, and deletes only the author's
    assertThatThrownBy(() -> connector.hideComment(account, bob, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("top-level");
    assertThatThrownBy(() -> connector.deleteComment(account, ann))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("only by its author");
    assertThat(connector.deletesOwnCommentsOnly()).isTrue();
    assertThat(connector.supports(InboxOperation.LIKE_COMMENT)).isFalse();
    assertThatThrownBy(() -> connector.likeComment(account, ann, true))
        .isInstanceOf(UnsupportedPlatformOperationException.class);

    connector.hideComment(account, ann, false);
    connector.deleteComment(account, ours);
    connector.deleteComment(account, ours); // already gone counts as deleted

    assertThat(sandboxReplies(thread))
        .extracting(r -> r.get("id") + " " + r.get("hidden"))
        .containsExactly(ann + " false", bob + " false");
  }

  @Test
  void refusesHidingAReplyUnderSomeoneElsesThreadAndAnsweringNothing() {
    SandboxFixture.register("threads", "17841400000000002", "mill", "mill-token");
    AccountCredentials mill =
        SandboxFixture.credentials(
            Platform.THREADS, "17841400000000002", "mill", "mill-token", Map.of());
    String theirs = connector.publish(mill, request("Flour", List.of())).platformPostId();
    String reply = reply(theirs, "ann", "Organic?");

    assertThatThrownBy(() -> connector.hideComment(account, reply, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("owner of the thread");
    assertThatThrownBy(() -> connector.replyToComment(account, "999", "Hello"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("reply_to_id");
  }

  @Test
  void readsEveryPageOfAThreadsConversation() {
    String thread = connector.publish(account, request("Busy", List.of())).platformPostId();
    for (int i = 0; i < 105; i++) {
      reply(thread, "fan" + i, "Reply " + i);
    }

    assertThat(connector.listRecentComments(account)).hasSize(105);
  }

  @Test
  void listsMentionsOldestFirstAndThenTheOnesSinceTheCursor() {
    String first = mention("ann", "@bakery best rye");
    String second = mention("bob", "@bakery open on Sunday?");

    SyncPage<PlatformMention> page = connector.listMentions(account, null);

    assertThat(page.items())
        .extracting(m -> m.platformItemId() + " " + m.authorName() + " " + m.text())
        .containsExactly(first + " ann @bakery best rye", second + " bob @bakery open on Sunday?");
    assertThat(page.items().get(0).url()).startsWith("https://www.threads.net/@ann/post/");
    assertThat(page.nextCursor()).isNotNull();
    assertThat(Long.parseLong(page.nextCursor()))
        .isEqualTo(page.items().get(1).createdAt().getEpochSecond());

    for (int i = 0; i < 30; i++) {
      mention("fan" + i, "@bakery " + i);
    }
    SyncPage<PlatformMention> next = connector.listMentions(account, page.nextCursor());
    assertThat(next.items())
        .extracting(PlatformMention::text)
        .contains("@bakery 0", "@bakery 29")
        .hasSizeGreaterThanOrEqualTo(30);
  }

  private static String reply(String mediaId, String username, String text) {
    return JSON.readTree(
            SandboxFixture.control(
                "/_sandbox/threads/replies",
                "{\"media_id\":\""
                    + mediaId
                    + "\",\"username\":\""
                    + username
                    + "\",\"text\":\""
                    + text
                    + "\"}"))
        .path("id")
        .asString();
  }

  private static String mention(String username, String text) {
    return JSON.readTree(
            SandboxFixture.control(
                "/_sandbox/threads/mentions",
                "{\"user_id\":\""
                    + USER
                    + "\",\"username\":\""
                    + username
                    + "\",\"text\":\""
                    + text
                    + "\"}"))
        .path("id")
        .asString();
  }

  private static List<Map<String, Object>> sandboxReplies(String thread) {
    return JSON.readValue(
        SandboxFixture.get("/_sandbox/threads/replies?media_id=" + thread),
        new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
  }

  @Test
  void rejectsAContainerWhoseImageCannotBeFetched() {
    MediaAttachment unreachable = new MediaAttachment("http://localhost:1/a.jpg", "image/jpeg", 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of(unreachable))))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("FAILED_DOWNLOADING_IMAGE");
  }

  @Test
  void reportsTextOverFiveHundredCharactersWithThreadsMessage() {
    assertThatThrownBy(() -> connector.publish(account, request("a".repeat(501), List.of())))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> assertThat(e).hasMessageContaining("at most 500 characters"));
  }

  @Test
  void reportsAnExpiredTokenAsAuthExpired() {
    SANDBOX.control().failNext("threads", USER, new InjectedFailure(401, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of())))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessageContaining("Session has expired");
  }

  @Test
  void reportsThrottlingAsRateLimitedForAsLongAsTheUsageHeaderSays() {
    SANDBOX.control().failNext("threads", USER, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("x", List.of())))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(36));
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("threads", USER, new InjectedFailure(503, null), 1);

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

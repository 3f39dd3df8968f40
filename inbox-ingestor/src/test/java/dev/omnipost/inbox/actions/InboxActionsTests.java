package dev.omnipost.inbox.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PerformInboxAction;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.inbox.RecordedSpans;
import dev.omnipost.inbox.sync.SandboxInstagram;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Inbox actions performed by the running ingestor: the command travels through the outbox and the
 * real broker, the real {@code InstagramConnector} calls the platform sandbox over HTTP, and the
 * sandbox shows what was done.
 */
@SpringBootTest(
    classes = {InboxIngestorApplication.class, InboxActionsTests.Spans.class},
    properties = {
      "spring.config.name=inbox-ingestor",
      "server.port=0",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.actions.max-attempts=3",
      "omnipost.inbox.actions.retry-backoff=200ms",
      "omnipost.inbox.actions.max-retry-backoff=400ms",
    })
class InboxActionsTests {

  /** Records the spans the ingestor ends. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    RecordedSpans recordedSpans() {
      return new RecordedSpans();
    }
  }

  @Autowired RecordedSpans spans;

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired JdbcOutbox outbox;
  @Autowired CloudEventCodec codec;
  @Autowired TransactionTemplate transactions;
  @Autowired TraceContexts traces;

  @Test
  void repliesOnThePlatformAndStoresTheReplyUnderTheComment() {
    Fixture f = commentOnInstagram("Do you ship to Lisbon?");

    String action = request(f, "reply", "Yes, in 3 days!");

    awaitStatus(action, "completed");
    JsonNode onPlatform = SANDBOX.commentState(f.platformCommentId());
    assertThat(onPlatform.path("replies")).hasSize(1);
    assertThat(onPlatform.path("replies").get(0).path("text").asString())
        .isEqualTo("Yes, in 3 days!");
    Map<String, Object> row = actionRow(action);
    Map<String, Object> reply =
        jdbc.sql("SELECT * FROM inbox_comments WHERE id = :id")
            .param("id", row.get("result_item_id"))
            .query()
            .singleRow();
    assertThat(reply.get("parent_id")).isEqualTo(f.commentId());
    assertThat(reply.get("platform_item_id"))
        .isEqualTo(onPlatform.path("replies").get(0).path("id").asString());
    assertThat(reply.get("by_account")).isEqualTo(true);
    assertThat(reply.get("text")).isEqualTo("Yes, in 3 days!");
    assertThat(row.get("platform_result_id")).isEqualTo(reply.get("platform_item_id"));
    assertThat(eventData(f.workspace(), "inbox.action.completed"))
        .containsEntry("action_id", action)
        .containsEntry("action", "reply")
        .containsEntry("item_id", f.commentId())
        .containsEntry("result_item_id", reply.get("id"));
  }

  @Test
  void hidesShowsAndDeletesTheCommentOnThePlatform() {
    Fixture f = commentOnInstagram("Spam spam spam");

    awaitStatus(request(f, "hide", null), "completed");
    assertThat(SANDBOX.commentState(f.platformCommentId()).path("hidden").asBoolean()).isTrue();
    assertThat(flag(f.commentId(), "hidden")).isTrue();

    awaitStatus(request(f, "unhide", null), "completed");
    assertThat(SANDBOX.commentState(f.platformCommentId()).path("hidden").asBoolean()).isFalse();
    assertThat(flag(f.commentId(), "hidden")).isFalse();

    awaitStatus(request(f, "delete", null), "completed");
    assertThat(SANDBOX.commentState(f.platformCommentId()).path("deleted").asBoolean()).isTrue();
    assertThat(flag(f.commentId(), "deleted_at IS NOT NULL")).isTrue();
  }

  @Test
  void sendsAPrivateReplyToTheCommentsAuthor() {
    Fixture f = commentOnInstagram("How much is the blue one?");

    String action = request(f, "private_reply", "It is 25 EUR, I sent you the link");

    awaitStatus(action, "completed");
    JsonNode privateReply = SANDBOX.commentState(f.platformCommentId()).path("private_reply");
    assertThat(privateReply.path("text").asString()).isEqualTo("It is 25 EUR, I sent you the link");
    assertThat(actionRow(action).get("platform_result_id"))
        .isEqualTo(privateReply.path("message_id").asString());
  }

  @Test
  void retriesATransientPlatformFailureAndPerformsTheActionOnce() {
    Fixture f = commentOnInstagram("Hello?");
    SANDBOX.failNext(f.igUserId(), 503, 1);

    String action = request(f, "reply", "Hi there");

    awaitStatus(action, "completed");
    assertThat(actionRow(action).get("attempts")).isEqualTo(2);
    assertThat(SANDBOX.commentState(f.platformCommentId()).path("replies")).hasSize(1);
  }

  @Test
  void eachAttemptIsASpanInTheTraceOfTheRequestThatAskedForTheAction() {
    Fixture f = commentOnInstagram("Traced?");
    SANDBOX.failNext(f.igUserId(), 503, 1);
    String action = insertAction(f, f.commentId(), "hide", null);
    String[] requestTrace = new String[1];

    // what the gateway's request does: the outbox row carries the request's trace
    traces.run(
        "test request",
        null,
        () -> {
          requestTrace[0] = TraceContexts.traceId(traces.current());
          sendCommand(f, action);
        });

    awaitStatus(action, "completed");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(attemptSpans(action))
                    .extracting(s -> RecordedSpans.attribute(s, "outcome"))
                    .containsExactly("retried", "completed"));
    List<SpanData> attempts = attemptSpans(action);
    assertThat(attempts)
        .allSatisfy(
            s -> {
              assertThat(s.getTraceId()).isEqualTo(requestTrace[0]);
              assertThat(RecordedSpans.attribute(s, "platform")).isEqualTo("instagram");
              assertThat(RecordedSpans.attribute(s, "action")).isEqualTo("hide");
              assertThat(RecordedSpans.attribute(s, "account_id")).isEqualTo(f.accountId());
            });
    // the retry came through a retry topic, which kept the record's traceparent header
    assertThat(attempts.get(0).getStatus().getStatusCode().name()).isEqualTo("ERROR");
  }

  private List<SpanData> attemptSpans(String actionId) {
    return spans.named(InboxActionListener.SPAN).stream()
        .filter(s -> actionId.equals(RecordedSpans.attribute(s, "action_id")))
        .toList();
  }

  @Test
  void failsTheActionWithTheLastCodeWhenEveryRetryFails() {
    Fixture f = commentOnInstagram("Anyone?");
    SANDBOX.failNext(f.igUserId(), 503, 10);

    String action = request(f, "hide", null);

    awaitStatus(action, "failed");
    assertThat(actionRow(action).get("error_code")).isEqualTo("platform_unavailable");
    assertThat(actionRow(action).get("attempts")).isEqualTo(3);
    assertThat(eventData(f.workspace(), "inbox.action.failed"))
        .containsEntry("action_id", action)
        .containsEntry("code", "platform_unavailable");
    assertThat(flag(f.commentId(), "hidden")).isFalse();
  }

  @Test
  void failsAtOnceWhenThePlatformRejectsTheAction() {
    Fixture f = commentOnInstagram("Real comment");
    String unknown = storedComment(f, "179000000000000001", Instant.now());

    String action = request(f, unknown, "reply", "To nobody");

    awaitStatus(action, "failed");
    assertThat(actionRow(action).get("error_code")).isEqualTo("platform_rejected");
    assertThat(actionRow(action).get("attempts")).isEqualTo(1);
  }

  @Test
  void neverRepeatsAReplyWhoseEarlierAttemptsOutcomeIsUnknown() {
    Fixture f = commentOnInstagram("Lost answer?");
    String action = insertAction(f, f.commentId(), "reply", "Maybe twice");
    jdbc.sql("UPDATE inbox_actions SET attempted_at = now(), attempts = 1 WHERE id = :id")
        .param("id", action)
        .update();

    sendCommand(f, action);

    awaitStatus(action, "failed");
    assertThat(actionRow(action).get("error_code")).isEqualTo("inbox.action_unconfirmed");
    assertThat(SANDBOX.commentState(f.platformCommentId()).path("replies")).isEmpty();
  }

  @Test
  void performsAnActionOnceWhenItsCommandArrivesTwice() {
    Fixture f = commentOnInstagram("Echo?");
    String action = insertAction(f, f.commentId(), "reply", "Once only");

    sendCommand(f, action);
    sendCommand(f, action);

    awaitStatus(action, "completed");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> SANDBOX.commentState(f.platformCommentId()).path("replies").size() == 1);
    assertThat(actionRow(action).get("attempts")).isEqualTo(1);
  }

  @Test
  void syncsAFacebookCommentThenRepliesHidesAndLikesItOnThePage() {
    String workspace = newWorkspace();
    String pageId = "1040" + digits(11);
    String token = "EAAB" + Ids.randomBase62(32);
    SANDBOX.registerAccount("facebook", pageId, "Bakery " + pageId, token);
    String postId = SANDBOX.publishOnFacebook(pageId, token, "Fresh rye today");
    String platformCommentId = SANDBOX.commentOnFacebook(postId, "Ann", "Do you deliver?");
    // connected after the comment: the account's first sync brings it (a sync before it would
    // space the next one by Facebook's budget, over a minute, past this test's wait)
    String accountId = insertAccount(workspace, "facebook", pageId, token);

    // the scheduled sync reads it from the Page's feed
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> storedId(accountId, platformCommentId) != null);
    Fixture f =
        new Fixture(
            workspace,
            accountId,
            pageId,
            platformCommentId,
            storedId(accountId, platformCommentId),
            "facebook");

    awaitStatus(request(f, "reply", "Yes, within 5 km"), "completed");
    awaitStatus(request(f, "like", null), "completed");
    awaitStatus(request(f, "hide", null), "completed");

    JsonNode comments = SANDBOX.facebookComments(postId);
    assertThat(comments).hasSize(2);
    assertThat(comments.get(0).path("hidden").asBoolean()).isTrue();
    assertThat(comments.get(0).path("liked").asBoolean()).isTrue();
    assertThat(comments.get(1).path("parent_id").asString()).isEqualTo(platformCommentId);
    assertThat(comments.get(1).path("message").asString()).isEqualTo("Yes, within 5 km");
    assertThat(flag(f.commentId(), "hidden")).isTrue();
    assertThat(flag(f.commentId(), "liked")).isTrue();
  }

  @Test
  void syncsAReplyToATweetThenAnswersLikesHidesItAndDeletesTheAnswerOnX() {
    String workspace = newWorkspace();
    String userId = "15" + digits(17);
    String token = "x-" + Ids.randomBase62(32);
    SANDBOX.registerAccount("twitter", userId, "bakery" + userId.substring(12), token);
    String tweetId = SANDBOX.tweet(token, "Rye or spelt?");
    String replyId = SANDBOX.xReply(tweetId, "fan", "Rye, always");
    // connected after the reply: the account's first sync brings it (X's budget spaces the next)
    String accountId = insertAccount(workspace, "twitter", userId, token);

    await().atMost(Duration.ofSeconds(30)).until(() -> storedId(accountId, replyId) != null);
    Fixture f =
        new Fixture(workspace, accountId, userId, replyId, storedId(accountId, replyId), "twitter");
    assertThat(
            jdbc.sql("SELECT platform_post_id FROM inbox_comments WHERE id = :id")
                .param("id", f.commentId())
                .query(String.class)
                .single())
        .isEqualTo(tweetId);

    String reply = request(f, "reply", "Good choice");
    awaitStatus(reply, "completed");
    awaitStatus(request(f, "like", null), "completed");
    awaitStatus(request(f, "hide", null), "completed");

    JsonNode thread = SANDBOX.xReplies(tweetId);
    assertThat(thread).hasSize(2);
    assertThat(thread.get(0).path("hidden").asBoolean()).isTrue();
    assertThat(thread.get(0).path("liked_by").get(0).asString()).isEqualTo(userId);
    assertThat(thread.get(1).path("in_reply_to").asString()).isEqualTo(replyId);
    assertThat(thread.get(1).path("text").asString()).isEqualTo("Good choice");
    assertThat(flag(f.commentId(), "hidden")).isTrue();
    assertThat(flag(f.commentId(), "liked")).isTrue();

    // the account's own answer is the one reply X lets it delete
    String answerId = (String) actionRow(reply).get("result_item_id");
    awaitStatus(request(f, answerId, "delete", null), "completed");
    assertThat(SANDBOX.xReplies(tweetId))
        .singleElement()
        .satisfies(r -> assertThat(r.path("id").asString()).isEqualTo(replyId));
    assertThat(
            jdbc.sql("SELECT deleted_at IS NOT NULL FROM inbox_comments WHERE id = :id")
                .param("id", answerId)
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void syncsALinkedInCommentThenAnswersAndLikesItAndDeletesTheAnswer() {
    String workspace = newWorkspace();
    String memberId = "li" + Ids.randomBase62(10);
    String token = "AQV" + Ids.randomBase62(32);
    SANDBOX.registerAccount("linkedin", memberId, "Ada " + memberId, token);
    String postUrn = SANDBOX.linkedinPost(memberId, token, "We are hiring bakers");
    String commentUrn = SANDBOX.linkedinComment(postUrn, null, "Bo", "Is it full time?");
    String accountId = insertAccount(workspace, "linkedin", memberId, token);

    await().atMost(Duration.ofSeconds(30)).until(() -> storedId(accountId, commentUrn) != null);
    Fixture f =
        new Fixture(
            workspace,
            accountId,
            memberId,
            commentUrn,
            storedId(accountId, commentUrn),
            "linkedin");

    String reply = request(f, "reply", "Yes, 35 hours");
    awaitStatus(reply, "completed");
    awaitStatus(request(f, "like", null), "completed");
    // someone answers under the comment: a later sync brings it with its parent
    String answerToo = SANDBOX.linkedinComment(postUrn, commentUrn, "Cy", "And part time?");

    JsonNode comments = SANDBOX.linkedinComments(postUrn);
    assertThat(comments).hasSize(3);
    assertThat(comments.get(0).path("reactions").path("urn:li:person:" + memberId).asString())
        .isEqualTo("LIKE");
    assertThat(comments.get(1).path("parent_comment").asString()).isEqualTo(commentUrn);
    assertThat(comments.get(1).path("text").asString()).isEqualTo("Yes, 35 hours");
    assertThat(flag(f.commentId(), "liked")).isTrue();
    String answerId = (String) actionRow(reply).get("result_item_id");
    Map<String, Object> answer =
        jdbc.sql("SELECT * FROM inbox_comments WHERE id = :id")
            .param("id", answerId)
            .query()
            .singleRow();
    assertThat(answer.get("platform_item_id")).isEqualTo(comments.get(1).path("urn").asString());
    assertThat(answer.get("by_account")).isEqualTo(true);

    // the member's own answer is the comment LinkedIn lets it delete
    awaitStatus(request(f, answerId, "delete", null), "completed");
    assertThat(SANDBOX.linkedinComments(postUrn))
        .extracting(c -> c.path("urn").asString())
        .containsExactly(commentUrn, answerToo);
    assertThat(
            jdbc.sql("SELECT deleted_at IS NOT NULL FROM inbox_comments WHERE id = :id")
                .param("id", answerId)
                .query(Boolean.class)
                .single())
        .isTrue();
    // LinkedIn's budget spaces syncs by half an hour: ask for one, as POST /v1/accounts/{id}/sync
    jdbc.sql(
            "UPDATE inbox_cursors SET requested_at = now() WHERE account_id = :a AND kind = 'comments'")
        .param("a", accountId)
        .update();
    await().atMost(Duration.ofSeconds(30)).until(() -> storedId(accountId, answerToo) != null);
    assertThat(
            jdbc.sql("SELECT parent_id FROM inbox_comments WHERE id = :id")
                .param("id", storedId(accountId, answerToo))
                .query(String.class)
                .single())
        .isEqualTo(f.commentId());
  }

  record Fixture(
      String workspace,
      String accountId,
      String igUserId,
      String platformCommentId,
      String commentId,
      String platform) {}

  /** Someone comments on a photo of a new account; the comment is stored as the sync stores it. */
  private Fixture commentOnInstagram(String text) {
    String workspace = newWorkspace();
    String igUserId = "1785" + digits(10);
    String token = "IGQV" + Ids.randomBase62(32);
    SANDBOX.registerAccount(igUserId, "shop_" + igUserId, token);
    String accountId = insertAccount(workspace, "instagram", igUserId, token);
    // the scheduled sync leaves this account alone: the test stores the comment itself
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:id, 'comments', now() + interval '1 day'),"
                + " (:id, 'mentions', now() + interval '1 day'), (:id, 'messages', now() + interval '1 day')"
                + " ON CONFLICT (account_id, kind) DO UPDATE SET synced_at = EXCLUDED.synced_at")
        .param("id", accountId)
        .update();
    String mediaId = SANDBOX.publishPhoto(igUserId, token, "New in store");
    String platformCommentId = SANDBOX.comment(igUserId, mediaId, "ana", text);
    Fixture partial =
        new Fixture(workspace, accountId, igUserId, platformCommentId, null, "instagram");
    String commentId = storedComment(partial, platformCommentId, Instant.now());
    return new Fixture(workspace, accountId, igUserId, platformCommentId, commentId, "instagram");
  }

  private String newWorkspace() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Inbox actions')")
        .param("id", workspace)
        .update();
    return workspace;
  }

  private String insertAccount(String workspace, String platform, String platformId, String token) {
    String accountId = Ids.newId("acc");
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, :platform, :pid, 'Shop', :handle, :token)
            """)
        .param("id", accountId)
        .param("ws", workspace)
        .param("platform", platform)
        .param("pid", platformId)
        .param("handle", "shop_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(accountId)))
        .update();
    return accountId;
  }

  private String storedId(String accountId, String platformCommentId) {
    return jdbc.sql("SELECT id FROM inbox_comments WHERE account_id = :a AND platform_item_id = :p")
        .param("a", accountId)
        .param("p", platformCommentId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private String storedComment(Fixture f, String platformCommentId, Instant at) {
    String id = Ids.newId("cmt");
    jdbc.sql(
            """
            INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, author_id, author_name, text, created_at)
            VALUES (:id, :ws, :account, 'instagram', :item, 'media', 'ana-id', 'ana', 'text', :at)
            """)
        .param("id", id)
        .param("ws", f.workspace())
        .param("account", f.accountId())
        .param("item", platformCommentId)
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }

  private String request(Fixture f, String action, String text) {
    return request(f, f.commentId(), action, text);
  }

  /** What the gateway does: the pending row and its command, in one transaction. */
  private String request(Fixture f, String commentId, String action, String text) {
    String id = insertAction(f, commentId, action, text);
    sendCommand(f, id);
    return id;
  }

  private String insertAction(Fixture f, String commentId, String action, String text) {
    String id = Ids.newId("act");
    jdbc.sql(
            """
            INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action, text)
            VALUES (:id, :ws, :account, :platform, 'comment', :item, :action, :text)
            """)
        .param("id", id)
        .param("platform", f.platform())
        .param("ws", f.workspace())
        .param("account", f.accountId())
        .param("item", commentId)
        .param("action", action)
        .param("text", text)
        .update();
    return id;
  }

  private void sendCommand(Fixture f, String actionId) {
    transactions.executeWithoutResult(
        tx ->
            outbox.append(
                Topics.INBOX_ACTIONS,
                f.accountId(),
                codec.wrap(
                    new PerformInboxAction(actionId, f.workspace(), f.accountId()),
                    f.workspace(),
                    actionId)));
  }

  private void awaitStatus(String actionId, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status.equals(actionRow(actionId).get("status")));
  }

  private Map<String, Object> actionRow(String actionId) {
    return jdbc.sql("SELECT * FROM inbox_actions WHERE id = :id")
        .param("id", actionId)
        .query()
        .singleRow();
  }

  private boolean flag(String commentId, String condition) {
    return jdbc.sql("SELECT " + condition + " FROM inbox_comments WHERE id = :id")
        .param("id", commentId)
        .query(Boolean.class)
        .single();
  }

  private Map<String, Object> eventData(String workspace, String type) {
    String json =
        jdbc.sql(
                "SELECT data::text FROM event_log WHERE workspace_id = :w AND type = :t ORDER BY occurred_at DESC LIMIT 1")
            .param("w", workspace)
            .param("t", type)
            .query(String.class)
            .single();
    return CloudEventCodec.dataMapper().readValue(json, Map.class);
  }

  private static String digits(int count) {
    return Ids.randomBase62(count)
        .chars()
        .map(c -> '0' + c % 10)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

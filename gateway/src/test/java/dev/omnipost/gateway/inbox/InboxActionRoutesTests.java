package dev.omnipost.gateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The inbox action routes' answers before anything reaches a platform: 202 with a pending action
 * and its queued command, and every refusal as the error envelope (another workspace's comment, an
 * operation the platform lacks, a closed private-reply window, a deleted comment, an account
 * needing reconnection, a missing text, a read-only key).
 */
class InboxActionRoutesTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void acceptsAReplyAsAPendingActionAndQueuesItsCommand() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String comment = comment(tenant, account, "instagram", Instant.now());

    Map<String, Object> accepted = data(act(tenant, "POST", comment, "/reply", "Thanks!"), 202);
    String actionId = (String) accepted.get("action_id");

    assertThat(accepted).containsEntry("status", "pending").containsEntry("action", "reply");
    assertThat(actionId).startsWith("act_");
    get(tenant, "/v1/inbox/actions/" + actionId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("pending")
        .jsonPath("$.data.action")
        .isEqualTo("reply")
        .jsonPath("$.data.item_id")
        .isEqualTo(comment)
        .jsonPath("$.data.account_id")
        .isEqualTo(account)
        .jsonPath("$.data.text")
        .isEqualTo("Thanks!")
        .jsonPath("$.data.result")
        .isEmpty()
        .jsonPath("$.data.error")
        .isEmpty();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM outbox WHERE topic = 'omnipost.inbox-actions' AND message_key = :a")
                .param("a", account)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void acceptsEveryActionInstagramOffers() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String comment = comment(tenant, account, "instagram", Instant.now());

    data(act(tenant, "POST", comment, "/hide", null), 202);
    data(act(tenant, "DELETE", comment, "/hide", null), 202);
    data(act(tenant, "POST", comment, "/private-reply", "Sent you a DM"), 202);
    data(act(tenant, "DELETE", comment, "", null), 202);

    assertThat(
            jdbc.sql("SELECT action FROM inbox_actions WHERE item_id = :c ORDER BY created_at")
                .param("c", comment)
                .query(String.class)
                .list())
        .containsExactly("hide", "unhide", "private_reply", "delete");
  }

  @Test
  void answers404ForAnotherWorkspacesCommentAndAction() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String account = connect(owner, "instagram");
    String comment = comment(owner, account, "instagram", Instant.now());
    String actionId =
        (String)
            data(act(owner, "POST", comment, "/reply", "Mine to answer"), 202).get("action_id");

    error(act(other, "POST", comment, "/reply", "Not yours"), 404, "resource.not_found");
    error(act(other, "POST", comment, "/hide", null), 404, "resource.not_found");
    error(act(other, "DELETE", comment, "", null), 404, "resource.not_found");
    get(other, "/v1/inbox/actions/" + actionId).exchange().expectStatus().isNotFound();
    get(other, "/v1/inbox/comments/" + comment + "/replies").exchange().expectStatus().isNotFound();
  }

  @Test
  void hidesACommentFromAKeyOfAnotherBrand() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Cafe");
    String otherBrand = newBrand(tenant, "Bakery");
    String account = connect(tenant, "instagram");
    moveToBrand(tenant, account, brand);
    String comment = comment(tenant, account, "instagram", Instant.now());

    error(
        act(keyRestrictedToBrands(tenant, otherBrand), "POST", comment, "/hide", null),
        404,
        "resource.not_found");
    data(act(keyRestrictedToBrands(tenant, brand), "POST", comment, "/hide", null), 202);
  }

  @Test
  void answers501ForAnOperationThePlatformLacks() {
    Tenant tenant = newTenant();
    String instagram = connect(tenant, "instagram");
    String pinterest = connect(tenant, "pinterest");
    String onInstagram = comment(tenant, instagram, "instagram", Instant.now());
    String onPinterest = comment(tenant, pinterest, "pinterest", Instant.now());

    act(tenant, "POST", onInstagram, "/like", null)
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("instagram")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("like");
    error(act(tenant, "POST", onPinterest, "/reply", "Hi"), 501, "platform.unsupported_operation");
    error(act(tenant, "POST", onPinterest, "/hide", null), 501, "platform.unsupported_operation");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void mastodonDeletesOnlyTheAccountsOwnRepliesAndCannotHide() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String theirs = comment(tenant, mastodon, "mastodon", Instant.now());
    String ours = insertComment(tenant, mastodon, "mastodon", theirs, true, Instant.now());

    act(tenant, "DELETE", theirs, "", null)
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("mastodon")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("delete");
    error(act(tenant, "POST", theirs, "/hide", null), 501, "platform.unsupported_operation");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
    data(act(tenant, "DELETE", ours, "", null), 202);
    data(act(tenant, "POST", theirs, "/reply", "Thanks!"), 202);
    data(act(tenant, "POST", theirs, "/like", null), 202);
    data(act(tenant, "DELETE", theirs, "/like", null), 202);
  }

  @Test
  void threadsCannotLikeAndDeletesOnlyTheAccountsOwnReplies() {
    Tenant tenant = newTenant();
    String threads = connect(tenant, "threads");
    String theirs = comment(tenant, threads, "threads", Instant.now());
    String ours = insertComment(tenant, threads, "threads", theirs, true, Instant.now());

    act(tenant, "POST", theirs, "/like", null)
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("threads")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("like");
    error(act(tenant, "DELETE", theirs, "/like", null), 501, "platform.unsupported_operation");
    error(act(tenant, "DELETE", theirs, "", null), 501, "platform.unsupported_operation");
    error(
        act(tenant, "POST", theirs, "/private-reply", "Hi"), 501, "platform.unsupported_operation");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
    data(act(tenant, "POST", theirs, "/reply", "Thanks!"), 202);
    data(act(tenant, "POST", theirs, "/hide", null), 202);
    data(act(tenant, "DELETE", theirs, "/hide", null), 202);
    data(act(tenant, "DELETE", ours, "", null), 202);
  }

  @Test
  void blueskyHidesLikesAndDeletesOnlyItsOwnRepliesButHasNoPrivateReply() {
    Tenant tenant = newTenant();
    String bluesky = connect(tenant, "bluesky");
    String theirs = comment(tenant, bluesky, "bluesky", Instant.now());
    String ours = insertComment(tenant, bluesky, "bluesky", theirs, true, Instant.now());

    act(tenant, "DELETE", theirs, "", null)
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("bluesky")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("delete");
    error(
        act(tenant, "POST", theirs, "/private-reply", "Psst"),
        501,
        "platform.unsupported_operation");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
    data(act(tenant, "DELETE", ours, "", null), 202);
    data(act(tenant, "POST", theirs, "/reply", "Thanks!"), 202);
    data(act(tenant, "POST", theirs, "/hide", null), 202);
    data(act(tenant, "DELETE", theirs, "/hide", null), 202);
    data(act(tenant, "POST", theirs, "/like", null), 202);
    data(act(tenant, "DELETE", theirs, "/like", null), 202);
  }

  @Test
  void answers410WhenThePrivateReplyWindowHasClosed() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String old = comment(tenant, account, "instagram", Instant.now().minus(Duration.ofDays(8)));
    String recent = comment(tenant, account, "instagram", Instant.now().minus(Duration.ofDays(6)));

    act(tenant, "POST", old, "/private-reply", "Too late?")
        .expectStatus()
        .isEqualTo(410)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("inbox.reply_window_closed")
        .jsonPath("$.error.meta.window")
        .isEqualTo("PT168H");
    data(act(tenant, "POST", recent, "/private-reply", "Just in time"), 202);
    data(act(tenant, "POST", old, "/reply", "A public reply has no window"), 202);
  }

  @Test
  void answers409ForADeletedCommentOrAnAccountThatNeedsReconnecting() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String deleted = comment(tenant, account, "instagram", Instant.now());
    jdbc.sql("UPDATE inbox_comments SET deleted_at = now() WHERE id = :id")
        .param("id", deleted)
        .update();
    String expiredAccount = connect(tenant, "instagram");
    String onExpired = comment(tenant, expiredAccount, "instagram", Instant.now());
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = :id")
        .param("id", expiredAccount)
        .update();

    error(act(tenant, "POST", deleted, "/hide", null), 409, "inbox.comment_deleted");
    error(act(tenant, "POST", onExpired, "/reply", "Hello"), 409, "account.not_connected");
  }

  @Test
  void rejectsAMissingBlankOrTooLongText() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String comment = comment(tenant, account, "instagram", Instant.now());

    act(tenant, "POST", comment, "/reply", null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("text");
    error(act(tenant, "POST", comment, "/reply", "   "), 400, "request.missing_field");
    error(
        act(tenant, "POST", comment, "/private-reply", "x".repeat(10_001)),
        400,
        "request.invalid_field");
  }

  @Test
  void aReadOnlyKeyCannotAct() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String comment = comment(tenant, account, "instagram", Instant.now());

    error(
        act(keyWithScopes(tenant, Scopes.INBOX_READ), "POST", comment, "/hide", null),
        403,
        "auth.forbidden_scope");
  }

  @Test
  void listsRepliesOldestFirstAndFiltersByStatus() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
    String parent = comment(tenant, account, "instagram", t0);
    String hidden = comment(tenant, account, "instagram", t0.plusSeconds(1));
    String gone = comment(tenant, account, "instagram", t0.plusSeconds(2));
    String first = reply(tenant, account, parent, t0.plusSeconds(10));
    String second = reply(tenant, account, parent, t0.plusSeconds(20));
    jdbc.sql("UPDATE inbox_comments SET hidden = true WHERE id = :id").param("id", hidden).update();
    jdbc.sql("UPDATE inbox_comments SET deleted_at = now() WHERE id = :id")
        .param("id", gone)
        .update();

    get(tenant, "/v1/inbox/comments/" + parent + "/replies")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].id")
        .isEqualTo(first)
        .jsonPath("$.data[0].parent_id")
        .isEqualTo(parent)
        .jsonPath("$.data[0].by_account")
        .isEqualTo(true)
        .jsonPath("$.data[1].id")
        .isEqualTo(second)
        .jsonPath("$.data.length()")
        .isEqualTo(2);
    get(tenant, "/v1/inbox/comments?status=hidden")
        .exchange()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(1)
        .jsonPath("$.data[0].id")
        .isEqualTo(hidden)
        .jsonPath("$.data[0].hidden")
        .isEqualTo(true);
    get(tenant, "/v1/inbox/comments?status=deleted")
        .exchange()
        .expectBody()
        .jsonPath("$.data[0].id")
        .isEqualTo(gone)
        .jsonPath("$.data[0].deleted_at")
        .exists();
    get(tenant, "/v1/inbox/comments")
        .exchange()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(4);
    get(tenant, "/v1/inbox/comments?status=unread")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("status");
  }

  private WebTestClient.ResponseSpec act(
      Tenant tenant, String method, String commentId, String suffix, String text) {
    String uri = "/v1/inbox/comments/" + commentId + suffix;
    if (method.equals("DELETE")) {
      return http.delete().uri(uri).header("Authorization", "Bearer " + tenant.apiKey()).exchange();
    }
    WebTestClient.RequestBodySpec request = post(tenant, uri);
    return text == null
        ? request.exchange()
        : request
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("text", text))
            .exchange();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(WebTestClient.ResponseSpec response, int status) {
    Map<String, Object> body =
        response.expectStatus().isEqualTo(status).expectBody(JSON).returnResult().getResponseBody();
    return (Map<String, Object>) body.get("data");
  }

  private static void error(WebTestClient.ResponseSpec response, int status, String code) {
    response.expectStatus().isEqualTo(status).expectBody().jsonPath("$.error.code").isEqualTo(code);
  }

  private String comment(Tenant tenant, String account, String platform, Instant at) {
    return insertComment(tenant, account, platform, null, false, at);
  }

  private String reply(Tenant tenant, String account, String parent, Instant at) {
    return insertComment(tenant, account, "instagram", parent, true, at);
  }

  private String insertComment(
      Tenant tenant,
      String account,
      String platform,
      String parent,
      boolean byAccount,
      Instant at) {
    String id = Ids.newId("cmt");
    jdbc.sql(
            """
            INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, parent_id, author_id, author_name, text, created_at, by_account)
            VALUES (:id, :ws, :account, :platform, :item, 'media-1', :parent, 'fan-1', 'fan', 'Nice!',
                :at, :byAccount)
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("platform", platform)
        .param("item", Ids.randomBase62(12))
        .param("parent", parent)
        .param("at", Timestamp.from(at))
        .param("byAccount", byAccount)
        .update();
    return id;
  }

  @Test
  void xAndLinkedInDeleteOnlyTheAccountsOwnRepliesAndLinkedInCannotHide() {
    Tenant tenant = newTenant();
    String x = connect(tenant, "twitter");
    String linkedin = connect(tenant, "linkedin");
    String onX = comment(tenant, x, "twitter", Instant.now());
    String ourOnX = insertComment(tenant, x, "twitter", onX, true, Instant.now());
    String onLinkedIn = comment(tenant, linkedin, "linkedin", Instant.now());
    String ourOnLinkedIn =
        insertComment(tenant, linkedin, "linkedin", onLinkedIn, true, Instant.now());

    for (String theirs : List.of(onX, onLinkedIn)) {
      act(tenant, "DELETE", theirs, "", null)
          .expectStatus()
          .isEqualTo(501)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("platform.unsupported_operation")
          .jsonPath("$.error.meta.operation")
          .isEqualTo("delete");
    }
    act(tenant, "POST", onLinkedIn, "/hide", null)
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("linkedin")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("hide");
    error(act(tenant, "DELETE", onLinkedIn, "/hide", null), 501, "platform.unsupported_operation");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
    for (String theirs : List.of(onX, onLinkedIn)) {
      data(act(tenant, "POST", theirs, "/reply", "Thanks!"), 202);
      data(act(tenant, "POST", theirs, "/like", null), 202);
      data(act(tenant, "DELETE", theirs, "/like", null), 202);
    }
    data(act(tenant, "POST", onX, "/hide", null), 202);
    data(act(tenant, "DELETE", onX, "/hide", null), 202);
    data(act(tenant, "DELETE", ourOnX, "", null), 202);
    data(act(tenant, "DELETE", ourOnLinkedIn, "", null), 202);
  }
}

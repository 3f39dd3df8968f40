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
 * The review routes: the list's filters and paging, one review in the unified shape, a reply and
 * its removal accepted as pending actions with their commands, and every refusal as the error
 * envelope (another workspace's review, a platform that cannot reply, bad filters, a missing or too
 * long text, a read-only key).
 */
class InboxReviewsTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void listsReviewsNewestFirstFilteredByRatingRepliedSinceAndAccount() {
    Tenant tenant = newTenant();
    String google = connect(tenant, "google_business");
    String facebook = connect(tenant, "facebook");
    Instant now = Instant.now();
    String old = review(tenant, google, 2, "Cold coffee.", null, now.minus(Duration.ofDays(3)));
    String answered =
        review(tenant, google, 5, "Lovely.", "Thanks!", now.minus(Duration.ofDays(1)));
    String recommendation = review(tenant, facebook, null, "Great place", null, now);

    assertThat(ids(tenant, "")).containsExactly(recommendation, answered, old);
    assertThat(ids(tenant, "?rating=5")).containsExactly(answered);
    assertThat(ids(tenant, "?replied=true")).containsExactly(answered);
    assertThat(ids(tenant, "?replied=false")).containsExactly(recommendation, old);
    assertThat(ids(tenant, "?account_id=" + google)).containsExactly(answered, old);
    assertThat(ids(tenant, "?since=" + now.minus(Duration.ofDays(2))))
        .containsExactly(recommendation, answered);
    String next =
        get(tenant, "/v1/inbox/reviews?limit=2")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("next_cursor")
            .toString();
    assertThat(ids(tenant, "?limit=2&cursor=" + next)).containsExactly(old);
  }

  @Test
  void showsOneReviewInTheUnifiedShape() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "google_business");
    String id = review(tenant, account, 4, "Good bread.", "Thank you!", Instant.now());

    get(tenant, "/v1/inbox/reviews/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.platform")
        .isEqualTo("google_business")
        .jsonPath("$.data.account_id")
        .isEqualTo(account)
        .jsonPath("$.data.author.name")
        .isEqualTo("Ada")
        .jsonPath("$.data.rating")
        .isEqualTo(4)
        .jsonPath("$.data.text")
        .isEqualTo("Good bread.")
        .jsonPath("$.data.reply.text")
        .isEqualTo("Thank you!")
        .jsonPath("$.data.reply.updated_at")
        .isNotEmpty()
        .jsonPath("$.data.platform_review_id")
        .isNotEmpty();
  }

  @Test
  void acceptsAReplyAndItsRemovalAsPendingActionsWithTheirCommands() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "google_business");
    String review = review(tenant, account, 3, "Ok.", null, Instant.now());

    Map<String, Object> reply = data(act(tenant, "POST", review, "Thanks for coming"), 202);
    Map<String, Object> removal = data(act(tenant, "DELETE", review, null), 202);

    assertThat(reply).containsEntry("action", "reply_to_review").containsEntry("item_id", review);
    assertThat(removal).containsEntry("action", "delete_review_reply");
    get(tenant, "/v1/inbox/actions/" + reply.get("action_id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.item_kind")
        .isEqualTo("review")
        .jsonPath("$.data.text")
        .isEqualTo("Thanks for coming");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM outbox WHERE topic = 'omnipost.inbox-actions' AND message_key = :a")
                .param("a", account)
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void anotherWorkspacesReviewIsNotFound() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String review = review(owner, connect(owner, "google_business"), 5, "Yes", null, Instant.now());

    error(get(other, "/v1/inbox/reviews/" + review).exchange(), 404, "resource.not_found");
    error(act(other, "POST", review, "Hi"), 404, "resource.not_found");
    error(act(other, "DELETE", review, null), 404, "resource.not_found");
    assertThat(ids(other, "")).isEmpty();
  }

  @Test
  void refusesAReplyWherethePlatformHasNoneAndBadInput() {
    Tenant tenant = newTenant();
    String facebook =
        review(tenant, connect(tenant, "facebook"), null, "Nice", null, Instant.now());
    String google =
        review(tenant, connect(tenant, "google_business"), 1, "Bad", null, Instant.now());

    act(tenant, "POST", facebook, "Thanks")
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("facebook");
    error(act(tenant, "POST", google, null), 400, "request.missing_field");
    error(act(tenant, "POST", google, "é".repeat(2049)), 400, "request.invalid_field");
    error(get(tenant, "/v1/inbox/reviews?rating=6").exchange(), 400, "request.invalid_field");
    error(get(tenant, "/v1/inbox/reviews?replied=maybe").exchange(), 400, "request.invalid_field");
    error(
        act(keyWithScopes(tenant, Scopes.INBOX_READ), "POST", google, "Hi"),
        403,
        "auth.forbidden_scope");
    assertThat(
            jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
                .param("w", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void aSyncOfAGoogleAccountRequestsItsReviews() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "google_business");

    post(tenant, "/v1/accounts/" + account + "/sync")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.data.kinds[0]")
        .isEqualTo("reviews");

    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM inbox_cursors WHERE account_id = :a AND kind = 'reviews' AND requested_at IS NOT NULL")
                .param("a", account)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private List<String> ids(Tenant tenant, String query) {
    Map<String, Object> body =
        get(tenant, "/v1/inbox/reviews" + query)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ((List<Map<String, Object>>) body.get("data"))
        .stream().map(r -> (String) r.get("id")).toList();
  }

  private WebTestClient.ResponseSpec act(Tenant tenant, String method, String id, String text) {
    String uri = "/v1/inbox/reviews/" + id + "/reply";
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

  private String review(
      Tenant tenant, String account, Integer rating, String text, String reply, Instant at) {
    String id = Ids.newId("rev");
    jdbc.sql(
            """
            INSERT INTO inbox_reviews (id, workspace_id, account_id, platform, platform_review_id,
                author_name, rating, text, reply_text, reply_updated_at, created_at, updated_at)
            SELECT :id, :ws, :account, a.platform, :item, 'Ada', CAST(:rating AS smallint), :text,
                CAST(:reply AS text), CAST(:replyAt AS timestamptz), :at, :at
            FROM accounts a WHERE a.id = :account
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("item", "accounts/1/locations/2/reviews/" + Ids.randomBase62(10))
        .param("rating", rating)
        .param("text", text)
        .param("reply", reply)
        .param("replyAt", reply == null ? null : Timestamp.from(at))
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }
}

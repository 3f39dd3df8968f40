package dev.omnipost.gateway.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The conversation routes through the real gateway and PostgreSQL: the unified shape, filters and
 * paging, reading and updating, and every refusal of an answer before anything is queued (another
 * workspace's or brand's conversation, a platform without direct messages, a closed 24-hour window,
 * an account needing reconnection, a missing text), next to the 202 with its queued command.
 */
class ConversationRoutesTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void showsAConversationAndItsMessagesInTheUnifiedShape() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    Instant at = Instant.parse("2026-12-03T09:00:00Z");
    String conversation = conversation(tenant, account, "instagram", "igsid-1", at);
    String incoming = message(tenant, account, conversation, "Do you ship to Lisbon?", false, at);
    message(tenant, account, conversation, "Yes!", true, at.plusSeconds(60));

    get(tenant, "/v1/inbox/conversations/" + conversation)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo(conversation)
        .jsonPath("$.data.account_id")
        .isEqualTo(account)
        .jsonPath("$.data.platform")
        .isEqualTo("instagram")
        .jsonPath("$.data.participant.id")
        .isEqualTo("igsid-1")
        .jsonPath("$.data.participant.handle")
        .isEqualTo("ana.eats")
        .jsonPath("$.data.status")
        .isEqualTo("open")
        .jsonPath("$.data.unread_count")
        .isEqualTo(1)
        .jsonPath("$.data.read")
        .isEqualTo(false)
        .jsonPath("$.data.last_incoming_at")
        .isEqualTo("2026-12-03T09:00:00Z");
    get(tenant, "/v1/inbox/conversations/" + conversation + "/messages")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].text")
        .isEqualTo("Yes!")
        .jsonPath("$.data[0].by_account")
        .isEqualTo(true)
        .jsonPath("$.data[1].id")
        .isEqualTo(incoming)
        .jsonPath("$.data[1].conversation_id")
        .isEqualTo(conversation)
        .jsonPath("$.data[1].platform")
        .isEqualTo("instagram")
        .jsonPath("$.data[1].author.id")
        .isEqualTo("igsid-1")
        .jsonPath("$.data[1].author.handle")
        .isEqualTo("ana.eats")
        .jsonPath("$.data[1].author.name")
        .isEqualTo("Ana")
        .jsonPath("$.data[1].read")
        .isEqualTo(false)
        .jsonPath("$.data[1].created_at")
        .isEqualTo("2026-12-03T09:00:00Z");

    post(tenant, "/v1/inbox/conversations/" + conversation + "/read")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.unread_count")
        .isEqualTo(0)
        .jsonPath("$.data.read")
        .isEqualTo(true);
    get(tenant, "/v1/inbox/conversations/" + conversation + "/messages")
        .exchange()
        .expectBody()
        .jsonPath("$.data[1].read")
        .isEqualTo(true);
  }

  @Test
  void listsTheMostRecentlyActiveFirstWithFiltersAndPages() {
    Tenant tenant = newTenant();
    String instagram = connect(tenant, "instagram");
    String facebook = connect(tenant, "facebook");
    Instant base = Instant.parse("2026-12-01T10:00:00Z");
    List<String> newestFirst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      newestFirst.add(
          0, conversation(tenant, instagram, "instagram", "p-" + i, base.plusSeconds(i * 60L)));
    }
    String onFacebook =
        conversation(tenant, facebook, "facebook", "psid-1", base.minus(Duration.ofDays(1)));
    jdbc.sql("UPDATE inbox_conversations SET status = 'closed' WHERE id = :id")
        .param("id", newestFirst.get(4))
        .update();

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page =
          body(
              get(
                  tenant,
                  "/v1/inbox/conversations?account_id="
                      + instagram
                      + "&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      for (Object row : (List<?>) page.get("data")) {
        paged.add((String) ((Map<?, ?>) row).get("id"));
      }
      cursor = (String) page.get("next_cursor");
    } while (cursor != null);

    assertThat(paged).isEqualTo(newestFirst);
    assertThat(ids(get(tenant, "/v1/inbox/conversations?status=closed")))
        .containsExactly(newestFirst.get(4));
    assertThat(ids(get(tenant, "/v1/inbox/conversations?status=open"))).hasSize(5);
    assertThat(ids(get(tenant, "/v1/inbox/conversations"))).hasSize(6).endsWith(onFacebook);
    assertThat(ids(get(tenant, "/v1/inbox/conversations?since=2026-12-01T10:03:00Z")))
        .containsExactly(newestFirst.get(0), newestFirst.get(1));
    error(
        get(tenant, "/v1/inbox/conversations?status=snoozed").exchange(),
        400,
        "request.invalid_field");
    error(
        get(tenant, "/v1/inbox/conversations?since=yesterday").exchange(),
        400,
        "request.invalid_field");
  }

  @Test
  void answers404ForAnotherWorkspacesOrBrandsConversation() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String brand = newBrand(owner, "Cafe");
    String otherBrand = newBrand(owner, "Bakery");
    String account = connect(owner, "instagram");
    moveToBrand(owner, account, brand);
    String conversation = conversation(owner, account, "instagram", "p-1", Instant.now());
    String path = "/v1/inbox/conversations/" + conversation;

    get(other, path).exchange().expectStatus().isNotFound();
    get(other, path + "/messages").exchange().expectStatus().isNotFound();
    error(send(other, conversation, Map.of("text", "Not yours")), 404, "resource.not_found");
    error(post(other, path + "/read").exchange(), 404, "resource.not_found");
    error(patch(other, conversation, Map.of("status", "closed")), 404, "resource.not_found");
    // the body is not looked at before the conversation is found
    error(patch(other, conversation, Map.of("colour", "red")), 404, "resource.not_found");
    assertThat(ids(get(other, "/v1/inbox/conversations"))).isEmpty();

    Tenant otherBrandKey = keyRestrictedToBrands(owner, otherBrand);
    get(otherBrandKey, path).exchange().expectStatus().isNotFound();
    error(send(otherBrandKey, conversation, Map.of("text", "Hi")), 404, "resource.not_found");
    assertThat(ids(get(otherBrandKey, "/v1/inbox/conversations"))).isEmpty();
    get(keyRestrictedToBrands(owner, brand), path).exchange().expectStatus().isOk();
    assertThat(
            jdbc.sql("SELECT status FROM inbox_conversations WHERE id = :id")
                .param("id", conversation)
                .query(String.class)
                .single())
        .isEqualTo("open");
  }

  @Test
  void acceptsAnAnswerWithinTheWindowAsAPendingActionAndQueuesItsCommand() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "facebook");
    String conversation =
        conversation(
            tenant, account, "facebook", "psid-9", Instant.now().minus(Duration.ofHours(23)));

    Map<String, Object> accepted =
        data(send(tenant, conversation, Map.of("text", "We open at 9")), 202);
    String actionId = (String) accepted.get("action_id");

    assertThat(accepted)
        .containsEntry("status", "pending")
        .containsEntry("action", "send_message")
        .containsEntry("item_id", conversation);
    get(tenant, "/v1/inbox/actions/" + actionId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("pending")
        .jsonPath("$.data.action")
        .isEqualTo("send_message")
        .jsonPath("$.data.text")
        .isEqualTo("We open at 9");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM outbox WHERE topic = 'omnipost.inbox-actions' AND message_key = :a")
                .param("a", account)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void answers410WhenTheTwentyFourHourWindowIsClosed() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    Instant lastIncoming =
        Instant.now()
            .minus(Duration.ofHours(25))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String conversation = conversation(tenant, account, "instagram", "p-1", lastIncoming);

    send(tenant, conversation, Map.of("text", "Sorry for the wait"))
        .expectStatus()
        .isEqualTo(410)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("inbox.reply_window_closed")
        .jsonPath("$.error.meta.window")
        .isEqualTo("PT24H")
        .jsonPath("$.error.meta.closed_at")
        .isEqualTo(lastIncoming.plus(Duration.ofHours(24)).toString());
    assertThat(actions(tenant)).isZero();
  }

  @Test
  void answers501ForAPlatformWithoutDirectMessages() {
    Tenant tenant = newTenant();
    String pinterest = connect(tenant, "pinterest");
    String twitter = connect(tenant, "twitter");
    String onPinterest = conversation(tenant, pinterest, "pinterest", "p-1", Instant.now());
    String onX =
        conversation(tenant, twitter, "twitter", "x-1", Instant.now().minus(Duration.ofDays(30)));

    send(tenant, onPinterest, Map.of("text", "Hi"))
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("pinterest")
        .jsonPath("$.error.meta.operation")
        .isEqualTo("send_message");
    assertThat(actions(tenant)).isZero();
    // X sends direct messages and has no reply window: a month-old thread is answered
    data(send(tenant, onX, Map.of("text", "Hi")), 202);
    assertThat(actions(tenant)).isEqualTo(1);
  }

  @Test
  void refusesAMissingTextAnAccountToReconnectAndAReadOnlyKey() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String conversation = conversation(tenant, account, "instagram", "p-1", Instant.now());

    error(send(tenant, conversation, Map.of()), 400, "request.missing_field");
    error(send(tenant, conversation, Map.of("text", " ")), 400, "request.missing_field");
    error(
        send(tenant, conversation, Map.of("text", "x".repeat(10_001))),
        400,
        "request.invalid_field");
    error(
        send(tenant, conversation, Map.of("text", "See this", "media_ids", "med_1")),
        400,
        "request.invalid_field");
    error(
        send(keyWithScopes(tenant, Scopes.INBOX_READ), conversation, Map.of("text", "Hi")),
        403,
        "auth.forbidden_scope");
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = :id").param("id", account).update();
    send(tenant, conversation, Map.of("text", "Hi"))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("account.not_connected")
        .jsonPath("$.error.meta.status")
        .isEqualTo("expired");
    assertThat(actions(tenant)).isZero();
  }

  @Test
  void acceptsAnAnswerWithMediaThePlatformTakesAndStoresItsIdsOnTheAction() {
    Tenant tenant = newTenant();
    String twitter = connect(tenant, "twitter");
    String facebook = connect(tenant, "facebook");
    String onX = conversation(tenant, twitter, "twitter", "x-7", Instant.now());
    String onMessenger = conversation(tenant, facebook, "facebook", "psid-7", Instant.now());
    String png = media(tenant, "image/png", 200_000);
    String mp4 = media(tenant, "video/mp4", 2_000_000);

    String toX =
        (String) data(send(tenant, onX, Map.of("media_ids", List.of(png))), 202).get("action_id");
    String toMessenger =
        (String)
            data(
                    send(
                        tenant, onMessenger, Map.of("text", "Our menu", "media_ids", List.of(mp4))),
                    202)
                .get("action_id");

    assertThat(mediaOf(toX)).containsExactly(png);
    assertThat(mediaOf(toMessenger)).containsExactly(mp4);
    assertThat(
            jdbc.sql("SELECT text FROM inbox_actions WHERE id = :id")
                .param("id", toX)
                .query()
                .singleRow()
                .get("text"))
        .isNull();
  }

  @Test
  void refusesMediaOfAnotherWorkspaceATypeOrSizeThePlatformDoesNotTakeAndTooManyFiles() {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String twitter = connect(tenant, "twitter");
    String onX = conversation(tenant, twitter, "twitter", "x-8", Instant.now());
    String theirs = media(other, "image/png", 1_000);
    String video = media(tenant, "video/mp4", 1_000);
    String huge = media(tenant, "image/jpeg", 6L * 1024 * 1024);
    String png = media(tenant, "image/png", 1_000);
    String jpeg = media(tenant, "image/jpeg", 1_000);

    send(tenant, onX, Map.of("text", "Look", "media_ids", List.of(theirs)))
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found")
        .jsonPath("$.error.meta.id")
        .isEqualTo(theirs);
    send(tenant, onX, Map.of("text", "Look", "media_ids", List.of(video)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("inbox.media_not_accepted")
        .jsonPath("$.error.meta.content_type")
        .isEqualTo("video/mp4");
    send(tenant, onX, Map.of("text", "Look", "media_ids", List.of(huge)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("inbox.media_not_accepted")
        .jsonPath("$.error.meta.max_bytes")
        .isEqualTo(5 * 1024 * 1024);
    send(tenant, onX, Map.of("text", "Look", "media_ids", List.of(png, jpeg)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.max")
        .isEqualTo(1);
    error(
        send(tenant, onX, Map.of("text", "Look", "media_ids", List.of(png, png))),
        400,
        "request.invalid_field");
    error(send(tenant, onX, Map.of("media_ids", List.of())), 400, "request.missing_field");
    assertThat(actions(tenant)).isZero();
  }

  @Test
  void closesReopensAndAssignsAConversation() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String conversation = conversation(tenant, account, "instagram", "p-1", Instant.now());

    patch(tenant, conversation, Map.of("status", "closed", "assignee", "maria@cafe.example"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("closed")
        .jsonPath("$.data.assignee")
        .isEqualTo("maria@cafe.example");
    Map<String, Object> clear = new HashMap<>();
    clear.put("assignee", null);
    patch(tenant, conversation, clear)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.assignee")
        .isEmpty()
        .jsonPath("$.data.status")
        .isEqualTo("closed");
    patch(tenant, conversation, Map.of("status", "open"))
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("open");

    error(patch(tenant, conversation, Map.of("status", "snoozed")), 400, "request.invalid_field");
    error(patch(tenant, conversation, Map.of("assignee", "")), 400, "request.invalid_field");
    error(patch(tenant, conversation, Map.of("platform", "x")), 400, "request.unknown_field");
    error(patch(tenant, conversation, Map.of()), 400, "request.missing_field");
    error(
        patch(keyWithScopes(tenant, Scopes.INBOX_READ), conversation, Map.of("status", "closed")),
        403,
        "auth.forbidden_scope");
  }

  private WebTestClient.ResponseSpec send(Tenant tenant, String conversation, Map<String, ?> body) {
    return post(tenant, "/v1/inbox/conversations/" + conversation + "/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec patch(
      Tenant tenant, String conversation, Map<String, ?> body) {
    return http.patch()
        .uri("/v1/inbox/conversations/" + conversation)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private int actions(Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM inbox_actions WHERE workspace_id = :w")
        .param("w", tenant.workspaceId())
        .query(Integer.class)
        .single();
  }

  private Map<String, Object> body(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private List<String> ids(WebTestClient.RequestHeadersSpec<?> request) {
    List<String> ids = new ArrayList<>();
    for (Object row : (List<?>) body(request).get("data")) {
      ids.add((String) ((Map<?, ?>) row).get("id"));
    }
    return ids;
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

  /** A media file of the tenant's workspace (the row only: the routes read its type and size). */
  private String media(Tenant tenant, String contentType, long size) {
    String id = Ids.newId("med");
    jdbc.sql(
            """
            INSERT INTO media (id, workspace_id, filename, content_type, size_bytes, sha256,
                storage_path, public_token)
            VALUES (:id, :ws, 'file', :type, :size, 'x', '/nowhere', :token)
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("type", contentType)
        .param("size", size)
        .param("token", Ids.randomBase62(24))
        .update();
    return id;
  }

  private List<String> mediaOf(String actionId) {
    return List.of(
        (String[])
            jdbc.sql("SELECT media_ids FROM inbox_actions WHERE id = :id")
                .param("id", actionId)
                .query((rs, n) -> rs.getArray(1).getArray())
                .single());
  }

  /** A conversation whose other party last wrote at {@code lastIncoming}. */
  private String conversation(
      Tenant tenant, String account, String platform, String participant, Instant lastIncoming) {
    String id = Ids.newId("conv");
    jdbc.sql(
            """
            INSERT INTO inbox_conversations (id, workspace_id, account_id, platform, participant_id,
                participant_handle, participant_name, last_message_at, last_incoming_at)
            VALUES (:id, :ws, :account, :platform, :participant, 'ana.eats', 'Ana', :at, :at)
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("platform", platform)
        .param("participant", participant)
        .param("at", Timestamp.from(lastIncoming))
        .update();
    return id;
  }

  private String message(
      Tenant tenant,
      String account,
      String conversation,
      String text,
      boolean byAccount,
      Instant at) {
    String id = Ids.newId("msg");
    jdbc.sql(
            """
            INSERT INTO inbox_messages (id, workspace_id, account_id, conversation_id, platform,
                platform_item_id, author_id, author_handle, author_name, text, by_account, created_at,
                read_at)
            SELECT :id, :ws, :account, :conversation, v.platform, :item,
                CASE WHEN :byAccount THEN 'me' ELSE v.participant_id END,
                CASE WHEN :byAccount THEN 'tester' ELSE v.participant_handle END,
                CASE WHEN :byAccount THEN 'Tester' ELSE v.participant_name END,
                :text, :byAccount, :at, CASE WHEN :byAccount THEN now() END
            FROM inbox_conversations v WHERE v.id = :conversation
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("conversation", conversation)
        .param("item", "m_" + Ids.randomBase62(12))
        .param("text", text)
        .param("byAccount", byAccount)
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }
}

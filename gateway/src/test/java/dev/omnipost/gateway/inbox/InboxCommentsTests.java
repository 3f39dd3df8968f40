package dev.omnipost.gateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code GET /v1/inbox/comments} over comments stored as the inbox-ingestor stores them. */
class InboxCommentsTests extends GatewayTestSupport {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Autowired JdbcClient jdbc;

  @Test
  void listsTheWorkspacesCommentsNewestFirstWithTheirAuthor() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String older = comment(tenant, account, "1790001", "media-1", null, "First!", T0);
    String newer =
        comment(tenant, account, "1790002", "media-1", "post_x", "Second", T0.plusSeconds(60));

    get(tenant, "/v1/inbox/comments")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].id")
        .isEqualTo(newer)
        .jsonPath("$.data[0].account_id")
        .isEqualTo(account)
        .jsonPath("$.data[0].platform")
        .isEqualTo("instagram")
        .jsonPath("$.data[0].platform_comment_id")
        .isEqualTo("1790002")
        .jsonPath("$.data[0].platform_post_id")
        .isEqualTo("media-1")
        .jsonPath("$.data[0].post_id")
        .isEqualTo("post_x")
        .jsonPath("$.data[0].author.id")
        .isEqualTo("user-1790002")
        .jsonPath("$.data[0].author.name")
        .isEqualTo("fan_1790002")
        .jsonPath("$.data[0].text")
        .isEqualTo("Second")
        .jsonPath("$.data[0].hidden")
        .isEqualTo(false)
        .jsonPath("$.data[0].created_at")
        .isEqualTo("2026-03-01T10:01:00Z")
        .jsonPath("$.data[0].received_at")
        .exists()
        .jsonPath("$.data[1].id")
        .isEqualTo(older)
        .jsonPath("$.next_cursor")
        .isEmpty();
  }

  @Test
  void filtersByAccountPostAndSince() {
    Tenant tenant = newTenant();
    String first = connect(tenant, "instagram");
    String second = connect(tenant, "instagram");
    comment(tenant, first, "a1", "m1", "post_a", "on a", T0);
    String onB = comment(tenant, second, "b1", "m2", "post_b", "on b", T0.plusSeconds(10));
    String late = comment(tenant, first, "a2", "m1", "post_a", "late", T0.plusSeconds(3600));

    assertThat(ids(tenant, "/v1/inbox/comments?account_id=" + second)).containsExactly(onB);
    assertThat(ids(tenant, "/v1/inbox/comments?post_id=post_b")).containsExactly(onB);
    assertThat(ids(tenant, "/v1/inbox/comments?since=2026-03-01T10:30:00Z")).containsExactly(late);
  }

  @Test
  void pagesWithACursor() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    String c1 = comment(tenant, account, "p1", "m", null, "1", T0);
    String c2 = comment(tenant, account, "p2", "m", null, "2", T0.plusSeconds(1));
    String c3 = comment(tenant, account, "p3", "m", null, "3", T0.plusSeconds(2));

    Map<String, Object> first =
        get(tenant, "/v1/inbox/comments?limit=2")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String cursor = (String) first.get("next_cursor");

    assertThat(idsOf(first)).containsExactly(c3, c2);
    assertThat(cursor).isNotBlank();
    assertThat(ids(tenant, "/v1/inbox/comments?limit=2&cursor=" + cursor)).containsExactly(c1);
  }

  @Test
  void readsOneCommentAndHidesOtherWorkspaces() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String account = connect(owner, "instagram");
    String id = comment(owner, account, "only", "m", null, "mine", T0);

    get(owner, "/v1/inbox/comments/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.text")
        .isEqualTo("mine");
    get(other, "/v1/inbox/comments/" + id)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    assertThat(ids(other, "/v1/inbox/comments")).isEmpty();
  }

  @Test
  void rejectsAnInvalidSinceOrLimit() {
    Tenant tenant = newTenant();

    get(tenant, "/v1/inbox/comments?since=yesterday")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("since");
    get(tenant, "/v1/inbox/comments?limit=101")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_limit");
  }

  private String comment(
      Tenant tenant,
      String account,
      String platformId,
      String media,
      String postId,
      String text,
      Instant at) {
    String id = Ids.newId("cmt");
    jdbc.sql(
            """
            INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id, platform_post_id,
                post_id, author_id, author_name, text, created_at)
            VALUES (:id, :ws, :account, 'instagram', :item, :media, :post, :authorId, :authorName, :text, :at)
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("item", platformId)
        .param("media", media)
        .param("post", postId)
        .param("authorId", "user-" + platformId)
        .param("authorName", "fan_" + platformId)
        .param("text", text)
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }

  private List<String> ids(Tenant tenant, String uri) {
    return idsOf(
        get(tenant, uri)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody());
  }

  @SuppressWarnings("unchecked")
  private static List<String> idsOf(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("data"))
        .stream().map(c -> (String) c.get("id")).toList();
  }
}

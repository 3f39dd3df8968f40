package dev.omnipost.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.EventCatalogue;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code GET /v1/events} shows a key only the event types its scopes may read. */
class EventsScopeTests extends GatewayTestSupport {

  private static final List<String> ONE_OF_EACH_FAMILY =
      List.of(
          "post.created",
          "account.needs_reconnect",
          "comment.received",
          "inbox.action.completed",
          "ai.generation.completed",
          "webhook.endpoint.disabled",
          "media.ready",
          "export.completed",
          "usage.limit_reached");

  @Autowired JdbcClient jdbc;

  @Test
  void everyCatalogueTypeNeedsAKnownScope() {
    assertThat(EventCatalogue.types().keySet()).allMatch(EventReadScopes::isClassified);
    assertThat(EventReadScopes.BY_FAMILY.values())
        .allMatch(scope -> scope == null || Scopes.ALL.contains(scope));
  }

  @Test
  void aPostsReaderSeesPostAndUsageEventsOnly() {
    Tenant tenant = newTenant();
    seedOneOfEachFamily(tenant);

    assertThat(types(keyWithScopes(tenant, Scopes.POSTS_READ)))
        .containsExactlyInAnyOrder("post.created", "usage.limit_reached");
  }

  @Test
  void eachFurtherScopeAddsTheEventsItReads() {
    Tenant tenant = newTenant();
    seedOneOfEachFamily(tenant);

    assertThat(types(keyWithScopes(tenant, Scopes.POSTS_READ, Scopes.INBOX_READ)))
        .containsExactlyInAnyOrder(
            "post.created", "comment.received", "inbox.action.completed", "usage.limit_reached");
    assertThat(
            types(
                keyWithScopes(
                    tenant,
                    Scopes.POSTS_READ,
                    Scopes.ACCOUNTS_READ,
                    Scopes.AI_GENERATE,
                    Scopes.WEBHOOKS_MANAGE,
                    Scopes.MEDIA_WRITE,
                    Scopes.ANALYTICS_READ)))
        .containsExactlyInAnyOrder(
            "post.created",
            "account.needs_reconnect",
            "ai.generation.completed",
            "webhook.endpoint.disabled",
            "media.ready",
            "export.completed",
            "usage.limit_reached");
    assertThat(types(tenant)).containsExactlyInAnyOrderElementsOf(ONE_OF_EACH_FAMILY);
  }

  @Test
  void askingForATypeTheKeyMayNotReadAnswersAnEmptyList() {
    Tenant tenant = newTenant();
    seedOneOfEachFamily(tenant);

    get(keyWithScopes(tenant, Scopes.POSTS_READ), "/v1/events?type=comment.received")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data")
        .isEmpty();
  }

  @Test
  void aKeyWithoutPostsReadIsRefused() {
    Tenant tenant = newTenant();

    get(keyWithScopes(tenant, Scopes.INBOX_READ), "/v1/events")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:read");
  }

  private void seedOneOfEachFamily(Tenant tenant) {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    for (String type : ONE_OF_EACH_FAMILY) {
      at = at.plusSeconds(1);
      jdbc.sql(
              "INSERT INTO event_log (id, workspace_id, type, subject, occurred_at, data)"
                  + " VALUES (:id, :ws, :type, :subject, :at, '{}'::jsonb)")
          .param("id", Ids.newId("evt"))
          .param("ws", tenant.workspaceId())
          .param("type", type)
          .param("subject", "x_" + type)
          .param("at", Timestamp.from(at))
          .update();
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> types(Tenant tenant) {
    Map<String, Object> page =
        get(tenant, "/v1/events?limit=100")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ((List<Map<String, Object>>) page.get("data"))
        .stream().map(e -> (String) e.get("type")).toList();
  }
}

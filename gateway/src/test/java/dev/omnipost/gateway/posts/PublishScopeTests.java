package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A draft needs only posts:write; publishing now or scheduling needs posts:publish too. */
class PublishScopeTests extends GatewayTestSupport {

  @Test
  void aKeyWithOnlyPostsWriteMayStoreADraftButNotPublishOrSchedule() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant writer = keyWithScopes(owner, "posts:write");
    String later = Instant.now().plus(1, ChronoUnit.DAYS).toString();

    create(writer, Map.of("text", "draft", "account_ids", List.of(account), "draft", true))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("draft");
    create(writer, Map.of("text", "now", "account_ids", List.of(account)))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope")
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    create(writer, Map.of("text", "later", "account_ids", List.of(account), "scheduled_at", later))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
  }

  @Test
  void aKeyWithPostsPublishButNotPostsWriteCannotCreatePosts() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant publisher = keyWithScopes(owner, "posts:publish");

    create(publisher, Map.of("text", "now", "account_ids", List.of(account)))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:write");
  }

  @Test
  void aKeyWithBothScopesPublishes() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant both = keyWithScopes(owner, "posts:write", "posts:publish");

    create(both, Map.of("text", "now", "account_ids", List.of(account)))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("publishing");
  }

  private WebTestClient.ResponseSpec create(Tenant tenant, Map<String, Object> body) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}

package dev.omnipost.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Page;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The tenant-isolation matrix: every route that takes an id or returns a list, walked with a key of
 * another workspace and with a key of the same workspace restricted to another brand. They get 404
 * (403 where a restricted key may not act at all) or a list without the owner's data, never the
 * data; a key of the owning brand gets the data, so the fixtures are known to be right.
 *
 * <p>The routes come from the router itself: a new route is walked automatically when its path
 * starts with a known resource ({@link #resourceIds}) or it is a list, and fails this test until it
 * is classified otherwise ({@link #NOT_TENANT_DATA}, {@link #bodies}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTests extends GatewayTestSupport {

  /** Routes that neither read nor change one tenant resource by id, nor list tenant data. */
  static final Map<String, String> NOT_TENANT_DATA =
      Map.ofEntries(
          Map.entry("GET /v1/health", "public status"),
          Map.entry("GET /v1/openapi.json", "public document"),
          Map.entry("GET /media/{token}", "public file; the unguessable token is the credential"),
          Map.entry("GET /v1/webhooks/events", "the static event catalogue"),
          Map.entry("POST /v1/admin/workspaces", "operator only"),
          Map.entry("POST /v1/admin/accounts", "operator only"),
          Map.entry("POST /v1/posts", "create; cross-brand accounts: BrandIsolationTests"),
          Map.entry("POST /v1/posts/validate", "as create; other tenants' ids: PostValidateTests"),
          Map.entry("POST /v1/posts/batch", "creates; other tenants' ids: PostBatchTests"),
          Map.entry("POST /v1/posts/import", "creates; other tenants' ids: PostImportTests"),
          Map.entry("POST /v1/media", "create; brand assignment: BrandIsolationTests"),
          Map.entry("POST /v1/webhooks", "create; brand assignment: BrandIsolationTests"),
          Map.entry("POST /v1/brands", "create; restricted keys refused: BrandsTests"),
          Map.entry("POST /v1/ai/generate", "create; generation isolation: BrandIsolationTests"),
          Map.entry("POST /v1/ai/compose", "create, as POST /v1/ai/generate"),
          Map.entry("POST /v1/ai/rewrite", "create from the body's text; no id in it"),
          Map.entry("POST /v1/ai/hashtags", "create from the body's text; no id in it"),
          Map.entry("POST /v1/ai/thread", "create from the body's text; no id in it"),
          Map.entry("POST /v1/ai/ideas", "create from the body's topic; no id in it"),
          Map.entry("POST /v1/ai/optimize", "create from the body's text; no id in it"),
          Map.entry(
              "GET /v1/analytics", "aggregates; other tenants' filter ids 404: AnalyticsTests"),
          Map.entry("POST /v1/exports", "create; other tenants' account_id 404: ExportsTests"),
          Map.entry(
              "GET /v1/exports/{id}/download",
              "the file of GET /v1/exports/{id}; other tenants' 404: ExportsTests"),
          // routes of branches being built alongside this one, classified ahead of their merge
          Map.entry("POST /v1/keys", "create; the keys API refuses brands the key does not hold"),
          Map.entry("GET /v1/workspace", "the caller's own workspace: plan, limits, usage"),
          Map.entry("GET /v1/usage", "the caller's own workspace's usage"),
          Map.entry("PATCH /v1/admin/workspaces/{id}", "operator only"),
          Map.entry("POST /v1/media/from-url", "create; brand assignment as POST /v1/media"),
          Map.entry("GET /v1/media/storage", "the caller's own workspace's totals, as /v1/usage"),
          Map.entry(
              "POST /v1/accounts/connect", "create; brand and redirect URI: ConnectFlowTests"),
          Map.entry("GET /v1/oauth/callback/{platform}", "public; the state binds the workspace"),
          Map.entry(
              "GET /v1/accounts/connect/{state}/choices",
              "a connect state, not a resource id: other workspaces' 404 in ConnectFlowTests"),
          Map.entry(
              "POST /v1/accounts/connect/{state}/choose",
              "a connect state, not a resource id: other workspaces' 404 in ConnectFlowTests"),
          Map.entry("GET /v1/oauth/redirect-uris", "the caller's own allow-list: ConnectFlowTests"),
          Map.entry("POST /v1/oauth/redirect-uris", "create in the caller's own workspace"),
          Map.entry(
              "DELETE /v1/oauth/redirect-uris/{id}",
              "another workspace's entry answers 404: ConnectFlowTests"));

  /**
   * Request bodies for routes that change something, chosen so that only the resource's ownership
   * can refuse them (a body the route would reject as invalid proves nothing).
   */
  private Map<String, Object> bodies;

  private final HttpClient raw =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired JdbcClient jdbc;

  private Tenant owner;
  private Tenant brandAKey;
  private Tenant otherBrandKey;
  private Tenant otherWorkspace;
  private String brandB;

  /** Path-variable values by the route's first segments: the owner's brand-A resources. */
  private final Map<String, String> resourceIds = new LinkedHashMap<>();

  private String deliveryId;

  /** Once per class (the instance lives for the class): after the base class built the client. */
  @BeforeEach
  void ownerWithTwoBrandsAndAResourceOfEveryKind() throws Exception {
    if (owner != null) {
      return;
    }
    owner = newTenant();
    String brandA = newBrand(owner, "Client A");
    brandB = newBrand(owner, "Client B");
    String accountA = connect(owner, "mastodon");
    String accountB = connect(owner, "mastodon");
    moveToBrand(owner, accountA, brandA);
    moveToBrand(owner, accountB, brandB);
    brandAKey = keyRestrictedToBrands(owner, brandA);
    otherBrandKey = keyRestrictedToBrands(owner, brandB);
    otherWorkspace = newTenant();

    String postId = draft(brandAKey, accountA);
    String mediaId = upload(brandAKey);
    String endpointId = endpoint(owner.workspaceId(), brandA);
    deliveryId = delivery(owner.workspaceId(), endpointId, postId);
    String commentId = comment(owner.workspaceId(), accountA);
    String generationId = generation(owner.workspaceId(), brandA);

    resourceIds.put("/v1/accounts/", accountA);
    resourceIds.put("/v1/brands/", brandA);
    resourceIds.put("/v1/posts/", postId);
    resourceIds.put("/v1/media/", mediaId);
    resourceIds.put("/v1/webhooks/", endpointId);
    resourceIds.put("/v1/inbox/comments/", commentId);
    resourceIds.put("/v1/inbox/actions/", inboxAction(owner.workspaceId(), accountA, commentId));
    mention(owner.workspaceId(), accountA);
    reply(owner.workspaceId(), accountA, commentId);
    resourceIds.put("/v1/inbox/conversations/", conversation(owner.workspaceId(), accountA));
    resourceIds.put("/v1/inbox/reviews/", review(owner.workspaceId(), accountA));
    resourceIds.put("/v1/ai/generations/", generationId);
    resourceIds.put("/v1/keys/", keyId(brandAKey));
    resourceIds.put("/v1/exports/", export(brandAKey));

    bodies =
        Map.of(
            "PATCH /v1/brands/{id}", Map.of("name", "taken over"),
            // brand B is the other-brand key's own: only the account's ownership can refuse it
            "PATCH /v1/accounts/{id}", Map.of("brand_id", brandB),
            "POST /v1/inbox/comments/{id}/reply", Map.of("text", "not yours to answer"),
            "POST /v1/inbox/comments/{id}/private-reply", Map.of("text", "not yours either"),
            "POST /v1/inbox/reviews/{id}/reply", Map.of("text", "not your review"));
  }

  @Test
  void everyRouteIsClassified() {
    List<String> unclassified = new ArrayList<>();
    servedRoutes()
        .forEach(
            (route, handler) -> {
              if (!NOT_TENANT_DATA.containsKey(route)
                  && !isList(route, handler)
                  && idFor(path(route)) == null) {
                unclassified.add(route);
              }
            });

    assertThat(unclassified)
        .as("routes neither walked by the matrix nor named in NOT_TENANT_DATA")
        .isEmpty();
  }

  @Test
  void anotherWorkspacesKeyGetsNotFoundOrNoneOfTheData() throws Exception {
    assertThat(leaks(otherWorkspace)).isEmpty();
  }

  @Test
  void anotherBrandsKeyGetsNotFoundOrNoneOfTheData() throws Exception {
    assertThat(leaks(otherBrandKey)).isEmpty();
  }

  @Test
  void theOwningBrandsKeyReadsEveryResourceAndFindsItInEveryList() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, HandlerMethod> route : servedRoutes().entrySet()) {
      String method = method(route.getKey());
      if (NOT_TENANT_DATA.containsKey(route.getKey()) || !method.equals("GET")) {
        continue;
      }
      HttpResponse<String> response = send(brandAKey, method, concrete(path(route.getKey())), null);
      boolean found =
          response.statusCode() == 200 && ownerIds().stream().anyMatch(response.body()::contains);
      if (!found) {
        missing.add(route.getKey() + " -> " + response.statusCode() + " " + response.body());
      }
    }

    assertThat(missing).isEmpty();
  }

  /** An export the key requests (it stays pending: no worker runs here). */
  @SuppressWarnings("unchecked")
  private String export(Tenant tenant) {
    Map<String, Object> body =
        post(tenant, "/v1/exports")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("type", "analytics"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  /** What {@code intruder} got that it must not: every answer that is not a refusal or clean. */
  private List<String> leaks(Tenant intruder) throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, HandlerMethod> route : servedRoutes().entrySet()) {
      if (NOT_TENANT_DATA.containsKey(route.getKey())) {
        continue;
      }
      String method = method(route.getKey());
      String template = path(route.getKey());
      Object body = bodies.get(route.getKey());
      if (body == null && !method.equals("GET") && !method.equals("DELETE")) {
        body = Map.of();
      }
      HttpResponse<String> response = send(intruder, method, concrete(template), body);
      int status = response.statusCode();
      boolean takesId = template.contains("{");
      boolean refused =
          status == 404 || (!method.equals("GET") && status == 403 && intruder != otherWorkspace);
      boolean cleanList =
          !takesId && status == 200 && ownerIds().stream().noneMatch(response.body()::contains);
      boolean ok = takesId ? refused : cleanList;
      if (!ok) {
        leaks.add(route.getKey() + " -> " + status + " " + response.body());
      }
    }
    // and nothing was changed on the owner's side
    assertThat(send(owner, "GET", concrete("/v1/brands/{id}"), null).body())
        .contains("\"name\":\"Client A\"");
    assertThat(send(owner, "GET", concrete("/v1/accounts/{id}"), null).body())
        .doesNotContain(brandB);
    return leaks;
  }

  /** Every id of the owner's brand-A fixtures: none may show up in an intruder's list. */
  private List<String> ownerIds() {
    List<String> ids = new ArrayList<>(resourceIds.values());
    ids.add(deliveryId);
    return ids;
  }

  private String idFor(String template) {
    for (Map.Entry<String, String> resource : resourceIds.entrySet()) {
      if (template.startsWith(resource.getKey()) && template.contains("{")) {
        return resource.getValue();
      }
    }
    return null;
  }

  /** The template with the owner's ids in place of its variables. */
  private String concrete(String template) {
    if (!template.contains("{")) {
      return template;
    }
    String id = idFor(template);
    assertThat(id).as("a resource id for " + template).isNotNull();
    Matcher variables = Pattern.compile("\\{([^}]+)}").matcher(template);
    StringBuilder path = new StringBuilder();
    boolean first = true;
    while (variables.find()) {
      variables.appendReplacement(path, first ? id : variable(variables.group(1)));
      first = false;
    }
    variables.appendTail(path);
    return path.toString();
  }

  private String variable(String name) {
    return switch (name) {
      case "delivery_id" -> deliveryId;
      default -> throw new AssertionError("no fixture for path variable {" + name + "}");
    };
  }

  private static boolean isList(String route, HandlerMethod handler) {
    return method(route).equals("GET")
        && !path(route).contains("{")
        && handler
            .getReturnType()
            .getGenericParameterType()
            .getTypeName()
            .contains(Page.class.getName());
  }

  private static String method(String route) {
    return route.substring(0, route.indexOf(' '));
  }

  private static String path(String route) {
    return route.substring(route.indexOf(' ') + 1);
  }

  private HttpResponse<String> send(Tenant tenant, String method, String path, Object body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + tenant.apiKey());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(
          method,
          HttpRequest.BodyPublishers.ofString(
              tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body)));
    }
    return raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // fixtures: created through the API where that is what a client does, else stored as the
  // workers store them

  @SuppressWarnings("unchecked")
  private String draft(Tenant tenant, String account) {
    Map<String, Object> body =
        post(tenant, "/v1/posts")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of("text", "for client A", "account_ids", List.of(account), "draft", true))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  @SuppressWarnings("unchecked")
  private String upload(Tenant tenant) throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part(
            "file",
            new ByteArrayResource(png.toByteArray()) {
              @Override
              public String getFilename() {
                return "a.png";
              }
            })
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    Map<String, Object> body =
        post(tenant, "/v1/media")
            .body(BodyInserters.fromMultipartData(multipart.build()))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  private String endpoint(String workspace, String brand) {
    String id = Ids.newId("whk");
    jdbc.sql(
            "INSERT INTO webhook_endpoints (id, workspace_id, brand_id, url, secret_enc)"
                + " VALUES (:id, :ws, :brand, 'https://hooks.example.com/a', '\\\\x00'::bytea)")
        .param("id", id)
        .param("ws", workspace)
        .param("brand", brand)
        .update();
    return id;
  }

  private String delivery(String workspace, String endpoint, String postId) {
    String id = Ids.newId("dlv");
    jdbc.sql(
            "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload)"
                + " VALUES (:id, :ws, :endpoint, :event, 'post.created', :payload)")
        .param("id", id)
        .param("ws", workspace)
        .param("endpoint", endpoint)
        .param("event", Ids.newId("evt"))
        .param("payload", "{\"type\":\"post.created\",\"data\":{\"post_id\":\"" + postId + "\"}}")
        .update();
    return id;
  }

  private String keyId(Tenant key) {
    return jdbc.sql("SELECT id FROM api_keys WHERE key_hash = :hash")
        .param("hash", ApiKeys.hash(key.apiKey()))
        .query(String.class)
        .single();
  }

  private String comment(String workspace, String account) {
    String id = Ids.newId("cmt");
    jdbc.sql(
            "INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id, text,"
                + " created_at) VALUES (:id, :ws, :account, 'mastodon', :id, 'private to A', :at)")
        .param("id", id)
        .param("ws", workspace)
        .param("account", account)
        .param("at", Timestamp.from(Instant.now()))
        .update();
    return id;
  }

  /** A conversation with one message from the other party (ADR 0027). */
  private String conversation(String workspace, String account) {
    String id = Ids.newId("conv");
    jdbc.sql(
            "INSERT INTO inbox_conversations (id, workspace_id, account_id, platform, participant_id,"
                + " last_message_at, last_incoming_at) VALUES (:id, :ws, :account, 'mastodon', :id,"
                + " now(), now())")
        .param("id", id)
        .param("ws", workspace)
        .param("account", account)
        .update();
    jdbc.sql(
            "INSERT INTO inbox_messages (id, workspace_id, account_id, conversation_id, platform,"
                + " platform_item_id, text, created_at) VALUES (:mid, :ws, :account, :id, 'mastodon',"
                + " :mid, 'private to A', now())")
        .param("mid", Ids.newId("msg"))
        .param("id", id)
        .param("ws", workspace)
        .param("account", account)
        .update();
    return id;
  }

  /** A review of brand A's account (ADR 0028). */
  private String review(String workspace, String account) {
    String id = Ids.newId("rev");
    jdbc.sql(
            "INSERT INTO inbox_reviews (id, workspace_id, account_id, platform, platform_review_id,"
                + " author_name, rating, text, created_at, updated_at) VALUES (:id, :ws, :account,"
                + " 'mastodon', :id, 'A customer', 5, 'private to A', now(), now())")
        .param("id", id)
        .param("ws", workspace)
        .param("account", account)
        .update();
    return id;
  }

  private void mention(String workspace, String account) {
    jdbc.sql(
            "INSERT INTO inbox_mentions (id, workspace_id, account_id, platform, platform_item_id, text,"
                + " created_at) VALUES (:id, :ws, :account, 'mastodon', :id, 'private to A', now())")
        .param("id", Ids.newId("men"))
        .param("ws", workspace)
        .param("account", account)
        .update();
  }

  private void reply(String workspace, String account, String parent) {
    jdbc.sql(
            "INSERT INTO inbox_comments (id, workspace_id, account_id, platform, platform_item_id, parent_id,"
                + " text, created_at) VALUES (:id, :ws, :account, 'mastodon', :id, :parent, 'reply to A', now())")
        .param("id", Ids.newId("cmt"))
        .param("ws", workspace)
        .param("account", account)
        .param("parent", parent)
        .update();
  }

  private String inboxAction(String workspace, String account, String commentId) {
    String id = Ids.newId("act");
    jdbc.sql(
            "INSERT INTO inbox_actions (id, workspace_id, account_id, platform, item_kind, item_id, action)"
                + " VALUES (:id, :ws, :account, 'mastodon', 'comment', :comment, 'hide')")
        .param("id", id)
        .param("ws", workspace)
        .param("account", account)
        .param("comment", commentId)
        .update();
    return id;
  }

  private String generation(String workspace, String brand) {
    String id = Ids.newId("gen");
    jdbc.sql(
            "INSERT INTO ai_generations (id, workspace_id, brand_ids, status, kind, prompt, mode, credits)"
                + " VALUES (:id, :ws, :brands, 'completed', 'text', 'launch plan for A', 'social', 1)")
        .param("id", id)
        .param("ws", workspace)
        .param("brands", new String[] {brand})
        .update();
    return id;
  }
}

package dev.omnipost.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.auth.ApiKeyIssuer;
import dev.omnipost.gateway.web.Scopes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * {@code Idempotency-Key} on every POST, through the real gateway and database: replays,
 * mismatches, concurrency, failures, expiry, the transaction the answer is stored in, and bad
 * header values.
 */
class IdempotencyTests extends GatewayTestSupport {

  private static final String KEY = "Idempotency-Key";

  @Autowired JdbcClient jdbc;
  @Autowired ApiKeyIssuer issuer;
  @Autowired DataSource dataSource;

  @Test
  void aReplayedWebhookCreateAnswersTheSameBytesAndCreatesOneEndpoint() {
    Tenant tenant = newTenant();
    String first =
        "{\"url\":\"https://hooks.example.com/a\",\"events\":[\"post.published\"],\"enabled\":true}";
    String sameInAnotherOrder =
        "{ \"enabled\": true,\n  \"events\": [\"post.published\"],\n  \"url\": \"https://hooks.example.com/a\" }";

    EntityExchangeResult<byte[]> created = webhook(tenant, "hook-1", first);
    EntityExchangeResult<byte[]> replayed = webhook(tenant, "hook-1", sameInAnotherOrder);

    assertThat(created.getStatus().value()).isEqualTo(201);
    assertThat(created.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(replayed.getStatus().value()).isEqualTo(201);
    assertThat(replayed.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.getResponseHeaders().getContentType())
        .isEqualTo(created.getResponseHeaders().getContentType());
    assertThat(new String(replayed.getResponseBody())).contains("whsec_");
    assertThat(replayed.getResponseBody()).isEqualTo(created.getResponseBody());
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  @Test
  void aStoredAnswerHoldingASecretIsNotReadableAtRest() {
    Tenant tenant = newTenant();

    EntityExchangeResult<byte[]> created =
        webhook(tenant, "hook-secret", "{\"url\":\"https://hooks.example.com/s\"}");

    String secret =
        new String(created.getResponseBody()).replaceAll(".*\"(whsec_[^\"]+)\".*", "$1");
    assertThat(secret).startsWith("whsec_");
    byte[] stored =
        jdbc.sql(
                "SELECT response_body FROM idempotency_keys"
                    + " WHERE workspace_id = ? AND idempotency_key = 'hook-secret'")
            .param(tenant.workspaceId())
            .query(byte[].class)
            .single();
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("whsec_")
        .doesNotContain(secret.substring(6, 20));
    assertThat(
            webhook(tenant, "hook-secret", "{\"url\":\"https://hooks.example.com/s\"}")
                .getResponseBody())
        .isEqualTo(created.getResponseBody());
  }

  @Test
  void theSameKeyWithAnotherBodyOrRouteIs409Mismatch() {
    Tenant tenant = newTenant();
    webhook(tenant, "k", "{\"url\":\"https://hooks.example.com/a\"}");

    EntityExchangeResult<byte[]> otherBody =
        webhook(tenant, "k", "{\"url\":\"https://hooks.example.com/b\"}");
    EntityExchangeResult<byte[]> otherRoute =
        post(tenant, "/v1/posts")
            .header(KEY, "k")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"url\":\"https://hooks.example.com/a\"}")
            .exchange()
            .expectBody()
            .returnResult();

    for (EntityExchangeResult<byte[]> refused : List.of(otherBody, otherRoute)) {
      assertThat(refused.getStatus().value()).isEqualTo(409);
      assertThat(new String(refused.getResponseBody()))
          .contains("\"code\":\"idempotency.mismatch\"")
          .contains("\"idempotency_key\":\"k\"");
    }
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  @Test
  void keysBelongToOneWorkspaceAndOneApiKey() throws Exception {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String body = "{\"url\":\"https://hooks.example.com/a\"}";
    String secondKey = issuer.issue(tenant.workspaceId(), "second", Scopes.ALL).block().key();
    webhook(tenant, "shared", body);

    EntityExchangeResult<byte[]> otherWorkspace = webhook(other, "shared", body);
    EntityExchangeResult<byte[]> otherApiKey = webhookAs(secondKey, "shared", body);

    assertThat(otherWorkspace.getStatus().value()).isEqualTo(201);
    assertThat(otherWorkspace.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(count("webhook_endpoints", other)).isEqualTo(1);
    assertThat(otherApiKey.getStatus().value()).isEqualTo(409);
    assertThat(new String(otherApiKey.getResponseBody()))
        .contains("idempotency.mismatch")
        .contains("another API key");
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithOneKeyCreateOnePost() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Map<String, Object> body = Map.of("text", "only once", "account_ids", List.of(account));
    int requests = 6;
    CyclicBarrier start = new CyclicBarrier(requests);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    List<CompletableFuture<EntityExchangeResult<byte[]>>> sent = new ArrayList<>();

    try {
      for (int i = 0; i < requests; i++) {
        sent.add(
            CompletableFuture.supplyAsync(
                () -> {
                  arrive(start);
                  return post(tenant, "/v1/posts")
                      .header(KEY, "race")
                      .contentType(MediaType.APPLICATION_JSON)
                      .bodyValue(body)
                      .exchange()
                      .expectBody()
                      .returnResult();
                },
                pool));
      }
      List<EntityExchangeResult<byte[]>> answers =
          sent.stream().map(CompletableFuture::join).toList();

      assertThat(count("posts", tenant)).isEqualTo(1);
      List<EntityExchangeResult<byte[]>> created =
          answers.stream().filter(a -> a.getStatus().value() == 201).toList();
      assertThat(answers)
          .allSatisfy(
              a ->
                  assertThat(a.getStatus().value() == 201 || inProgress(a))
                      .as(new String(a.getResponseBody()))
                      .isTrue());
      assertThat(created).isNotEmpty();
      assertThat(created.stream().map(a -> new String(a.getResponseBody())).distinct()).hasSize(1);
      assertThat(
              created.stream()
                  .filter(a -> a.getResponseHeaders().getFirst("Idempotent-Replayed") == null))
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedRequestIsNotStoredSoItCanBeRetriedWithTheSameKey() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    post(tenant, "/v1/posts")
        .header(KEY, "retry-me")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "hello", "account_ids", List.of("acc_missing")))
        .exchange()
        .expectStatus()
        .is4xxClientError();
    assertThat(keyRows(tenant, "retry-me")).isZero();

    post(tenant, "/v1/posts")
        .header(KEY, "retry-me")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "hello", "account_ids", List.of(account)))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectHeader()
        .doesNotExist("Idempotent-Replayed");
    assertThat(count("posts", tenant)).isEqualTo(1);
  }

  @Test
  void theAnswerIsStoredInTheTransactionOfTheEffect() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    // storing the answer fails, but only once the post is visible to the storing transaction: the
    // effect was written in it, so the failure must take the post with it
    jdbc.sql(
            """
            CREATE OR REPLACE FUNCTION idempotency_test_refuse_store() RETURNS trigger AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM posts WHERE workspace_id = NEW.workspace_id) THEN
                RAISE EXCEPTION 'refusing to store the answer after the post was written';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql
            """)
        .update();
    jdbc.sql(
            """
            CREATE TRIGGER idempotency_test_refuse_store BEFORE UPDATE ON idempotency_keys
            FOR EACH ROW WHEN (NEW.idempotency_key LIKE 'refuse-store-%')
            EXECUTE FUNCTION idempotency_test_refuse_store()
            """)
        .update();
    try {
      post(tenant, "/v1/posts")
          .header(KEY, "refuse-store-1")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("text", "all or nothing", "account_ids", List.of(account)))
          .exchange()
          .expectStatus()
          .is5xxServerError()
          .expectBody()
          .jsonPath("$.error.code")
          .exists();
    } finally {
      jdbc.sql("DROP TRIGGER idempotency_test_refuse_store ON idempotency_keys").update();
    }

    assertThat(count("posts", tenant)).isZero();
    assertThat(count("post_targets", tenant)).isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM outbox WHERE message_key = :ws")
                .param("ws", tenant.workspaceId())
                .query(Long.class)
                .single())
        .isZero();
    assertThat(keyRows(tenant, "refuse-store-1")).isZero();
  }

  @Test
  void aRequestWaitingOnARunningOneLongerThanTheLockWaitAnswers409InProgress() throws Exception {
    Tenant tenant = newTenant();
    String body = "{\"url\":\"https://hooks.example.com/a\"}";

    // another request holds the key's reservation, uncommitted, for longer than the lock wait
    try (Connection running = dataSource.getConnection()) {
      running.setAutoCommit(false);
      try (PreparedStatement reserve =
          running.prepareStatement(
              "INSERT INTO idempotency_keys (workspace_id, idempotency_key, request_hash,"
                  + " response_status, expires_at) VALUES (?, 'busy', '', 0, now() + interval '1 day')")) {
        reserve.setString(1, tenant.workspaceId());
        reserve.executeUpdate();
      }

      EntityExchangeResult<byte[]> waited = webhook(tenant, "busy", body);

      assertThat(inProgress(waited)).as(new String(waited.getResponseBody())).isTrue();
      running.rollback();
    }
    assertThat(count("webhook_endpoints", tenant)).isZero();
    assertThat(webhook(tenant, "busy", body).getStatus().value()).isEqualTo(201);
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  @Test
  void aKeyExpiresAfterItsRetentionAndExpiredKeysArePurged() {
    Tenant tenant = newTenant();
    String body = "{\"url\":\"https://hooks.example.com/a\"}";
    webhook(tenant, "old", body);
    webhook(tenant, "older", body);
    expire(tenant, "old");

    EntityExchangeResult<byte[]> afresh = webhook(tenant, "old", body);

    assertThat(afresh.getStatus().value()).isEqualTo(201);
    assertThat(afresh.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(3);
    assertThat(webhook(tenant, "old", body).getResponseHeaders().getFirst("Idempotent-Replayed"))
        .isEqualTo("true");

    expire(tenant, "older");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(keyRows(tenant, "older")).isZero());
    assertThat(keyRows(tenant, "old")).isEqualTo(1);
  }

  @Test
  void anAiGenerationIsReplayedAndChargedOnce() {
    Tenant tenant = newTenant();
    Map<String, Object> body = Map.of("prompt", "Autumn menu", "wait", 0);

    EntityExchangeResult<byte[]> accepted = generate(tenant, "gen-1", body);
    EntityExchangeResult<byte[]> replayed = generate(tenant, "gen-1", body);

    assertThat(accepted.getStatus().value()).isEqualTo(202);
    assertThat(replayed.getStatus().value()).isEqualTo(202);
    assertThat(replayed.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.getResponseBody()).isEqualTo(accepted.getResponseBody());
    assertThat(count("ai_generations", tenant)).isEqualTo(1);
  }

  @Test
  void anAiGenerationStillWaitingForItsWorkerAnswers409InProgress() {
    Tenant tenant = newTenant();
    Map<String, Object> body = Map.of("prompt", "Winter menu", "wait", 3);
    CompletableFuture<EntityExchangeResult<byte[]>> first =
        CompletableFuture.supplyAsync(() -> generate(tenant, "slow", body));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("ai_generations", tenant) == 1 && keyRows(tenant, "slow") == 1);

    EntityExchangeResult<byte[]> concurrent = generate(tenant, "slow", body);

    assertThat(inProgress(concurrent)).as(new String(concurrent.getResponseBody())).isTrue();
    assertThat(first.join().getStatus().value()).isEqualTo(202);
    assertThat(generate(tenant, "slow", body).getResponseBody())
        .isEqualTo(first.join().getResponseBody());
    assertThat(count("ai_generations", tenant)).isEqualTo(1);
  }

  @Test
  void aMediaUploadIsReplayedThoughEachSendHasANewBoundary() throws Exception {
    Tenant tenant = newTenant();
    byte[] image = png(3, 2);

    EntityExchangeResult<byte[]> uploaded = upload(tenant, "upload-1", image);
    EntityExchangeResult<byte[]> replayed = upload(tenant, "upload-1", image);
    EntityExchangeResult<byte[]> otherFile = upload(tenant, "upload-1", png(4, 4));

    assertThat(uploaded.getStatus().value()).isEqualTo(201);
    assertThat(replayed.getStatus().value()).isEqualTo(201);
    assertThat(replayed.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.getResponseBody()).isEqualTo(uploaded.getResponseBody());
    assertThat(otherFile.getStatus().value()).isEqualTo(409);
    assertThat(new String(otherFile.getResponseBody())).contains("idempotency.mismatch");
    assertThat(count("media", tenant)).isEqualTo(1);
  }

  @Test
  void theOperatorsWorkspaceCreationIsIdempotentToo() {
    String name = "Idempotent " + System.nanoTime();
    String key = "bootstrap-" + System.nanoTime();

    for (int i = 0; i < 2; i++) {
      http.post()
          .uri("/v1/admin/workspaces")
          .header("Authorization", "Bearer " + OPERATOR_TOKEN)
          .header(KEY, key)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("name", name))
          .exchange()
          .expectStatus()
          .isCreated();
    }

    assertThat(
            jdbc.sql("SELECT count(*) FROM workspaces WHERE name = :name")
                .param("name", name)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void badIdempotencyKeysAre400InTheEnvelope() {
    Tenant tenant = newTenant();
    List<List<String>> bad =
        List.of(List.of(""), List.of("k".repeat(256)), List.of("tab\there"), List.of("a", "b"));

    for (List<String> values : bad) {
      post(tenant, "/v1/webhooks")
          .header(KEY, values.toArray(String[]::new))
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"url\":\"https://hooks.example.com/a\"}")
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("idempotency.invalid_key")
          .jsonPath("$.error.meta.field")
          .isEqualTo(KEY);
    }
    assertThat(count("webhook_endpoints", tenant)).isZero();
    webhook(tenant, "k".repeat(255), "{\"url\":\"https://hooks.example.com/a\"}");
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  private EntityExchangeResult<byte[]> webhook(Tenant tenant, String key, String json) {
    return webhookAs(tenant.apiKey(), key, json);
  }

  private EntityExchangeResult<byte[]> webhookAs(String apiKey, String key, String json) {
    return http.post()
        .uri("/v1/webhooks")
        .header("Authorization", "Bearer " + apiKey)
        .header(KEY, key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private EntityExchangeResult<byte[]> generate(
      Tenant tenant, String key, Map<String, Object> body) {
    return post(tenant, "/v1/ai/generate")
        .header(KEY, key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private EntityExchangeResult<byte[]> upload(Tenant tenant, String key, byte[] bytes) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(bytes) {
              @Override
              public String getFilename() {
                return "pixel.png";
              }
            })
        .contentType(MediaType.IMAGE_PNG);
    return post(tenant, "/v1/media")
        .header(KEY, key)
        .body(BodyInserters.fromMultipartData(body.build()))
        .exchange()
        .expectBody()
        .returnResult();
  }

  private long count(String table, Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .query(Long.class)
        .single();
  }

  private long keyRows(Tenant tenant, String key) {
    return jdbc.sql(
            "SELECT count(*) FROM idempotency_keys WHERE workspace_id = :ws AND idempotency_key = :key")
        .param("ws", tenant.workspaceId())
        .param("key", key)
        .query(Long.class)
        .single();
  }

  private void expire(Tenant tenant, String key) {
    jdbc.sql(
            "UPDATE idempotency_keys SET created_at = now() - interval '25 hours',"
                + " expires_at = now() - interval '1 hour'"
                + " WHERE workspace_id = :ws AND idempotency_key = :key")
        .param("ws", tenant.workspaceId())
        .param("key", key)
        .update();
  }

  private static boolean inProgress(EntityExchangeResult<byte[]> answer) {
    return answer.getStatus().value() == 409
        && new String(answer.getResponseBody()).contains("idempotency.in_progress");
  }

  private static void arrive(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] png(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}

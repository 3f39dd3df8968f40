package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose R2DBC connections reach PostgreSQL through {@link PausableTcpProxy}: while the
 * proxy relays nothing (the database as if paused: connections stay open, nothing answers), a
 * request already waiting on the database and a new one both answer the 503 envelope within the 2 s
 * bound, {@code /v1/health} reports the database down, and once the proxy relays again the gateway
 * serves by itself: both posts, retried under their Idempotency-Keys, are stored exactly once (ADR
 * 0032). The shared database is never paused: only this context's R2DBC connections pass the proxy.
 */
class DatabasePausedTests extends GatewayTestSupport {

  /** What the issue promises for an answer while PostgreSQL is paused. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static PausableTcpProxy proxy;

  @DynamicPropertySource
  static void fastLiveness(DynamicPropertyRegistry registry) {
    // the shared context allows a starved machine more (GatewayTestSupport); this one proves 2 s
    registry.add("omnipost.gateway.database.liveness-timeout", () -> "1s");
  }

  /**
   * Sends this context's R2DBC connections through the proxy. (A customizer rather than {@code
   * spring.r2dbc.url}: the support class registers the shared database's URL after this class's
   * dynamic properties, so its value would win.)
   */
  @TestConfiguration
  static class ThroughTheProxy {
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer throughThePausableProxy() throws IOException {
      if (proxy == null) {
        URI database =
            URI.create(
                SharedTestInfrastructure.get()
                    .springProperties()
                    .get("spring.r2dbc.url")
                    .substring("r2dbc:".length()));
        proxy = new PausableTcpProxy(database.getHost(), database.getPort());
      }
      return options ->
          options
              .option(ConnectionFactoryOptions.HOST, "127.0.0.1")
              .option(ConnectionFactoryOptions.PORT, proxy.port());
    }
  }

  @AfterAll
  static void closeProxy() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void requestsInFlightAndNewOnesAnswer503WithinTheBoundAndTheGatewayRecoversByItself()
      throws Exception {
    assertThat(proxy.connections()).as("R2DBC reaches PostgreSQL through the proxy").isPositive();
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String inFlightText = "In flight when PostgreSQL was paused " + System.nanoTime();
    String inFlightKey = "in-flight-" + System.nanoTime();
    String freshText = "Sent while PostgreSQL was paused " + System.nanoTime();
    String freshKey = "paused-" + System.nanoTime();

    try (Connection holder = directConnection();
        Connection observer = directConnection()) {
      holder.setAutoCommit(false);
      // the post's writes (their foreign keys) wait for this lock on its workspace row
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")) {
        lock.setString(1, tenant.workspaceId());
        assertThat(lock.executeQuery().next()).isTrue();
      }
      CompletableFuture<EntityExchangeResult<Map<String, Object>>> inFlight =
          CompletableFuture.supplyAsync(
              () -> createPost(tenant, inFlightKey, inFlightText, account).returnResult());
      await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock(observer));

      proxy.pause();
      try {
        long paused = System.nanoTime();
        EntityExchangeResult<Map<String, Object>> cut =
            inFlight.get(BOUND.toMillis() + 3000, TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - paused)).isLessThan(BOUND);
        assertUnavailable(cut);

        long sent = System.nanoTime();
        EntityExchangeResult<Map<String, Object>> fresh =
            createPost(tenant, freshKey, freshText, account).returnResult();
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(BOUND);
        assertUnavailable(fresh);

        sent = System.nanoTime();
        // without the contract filter: it takes every 503 for the error envelope, while the
        // document gives /v1/health's 503 the health body
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .build()
            .get()
            .uri("/v1/health")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectBody()
            .jsonPath("$.data.status")
            .isEqualTo("degraded");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(BOUND);
      } finally {
        holder.rollback();
        proxy.resume();
      }
    }

    // each request again, as a client retries it, until the gateway serves again by itself
    for (String[] request :
        List.of(new String[] {inFlightKey, inFlightText}, new String[] {freshKey, freshText})) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(
                          createPost(tenant, request[0], request[1], account)
                              .returnResult()
                              .getStatus()
                              .value())
                      .isEqualTo(201));
      createPost(tenant, request[0], request[1], account)
          .consumeWith(
              replay ->
                  assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed"))
                      .isEqualTo("true"));
    }
    http.get().uri("/v1/health").exchange().expectStatus().isOk();

    // the request cut in flight and the one refused were each stored once, by their retry
    try (Connection check = directConnection()) {
      for (String text : List.of(inFlightText, freshText)) {
        assertThat(
                count(
                    check,
                    "SELECT count(*) FROM posts WHERE workspace_id = ? AND text = ?",
                    tenant.workspaceId(),
                    text))
            .as(text)
            .isEqualTo(1);
      }
    }
  }

  /**
   * A pause while every pooled connection is lent out (each request waiting on a lock): every one
   * of them is discarded at once, and afterwards the pool must hand out connections again, as many
   * at a time as before. (Found by the chaos suite: after one such episode on a starved machine the
   * gateway answered 503 to everything until restarted, every pooled connection lent for good.)
   */
  @Test
  void aPauseWhileThePoolIsFullyLentLeavesNoConnectionLentAfterIt() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    int requests = 40; // more than the pool's 32 connections
    try (Connection holder = directConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")) {
        lock.setString(1, tenant.workspaceId());
        assertThat(lock.executeQuery().next()).isTrue();
      }
      List<CompletableFuture<Integer>> lent = new java.util.ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String key = "lent-" + i + "-" + System.nanoTime();
        lent.add(
            CompletableFuture.supplyAsync(
                () ->
                    createPost(tenant, key, "Lent when paused " + key, account)
                        .returnResult()
                        .getStatus()
                        .value()));
      }
      try (Connection observer = directConnection()) {
        await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters(observer) >= 20);
      }
      proxy.pause();
      try {
        for (CompletableFuture<Integer> answer : lent) {
          assertThat(answer.get(30, TimeUnit.SECONDS)).isIn(201, 503);
        }
      } finally {
        holder.rollback();
        proxy.resume();
      }
    }
    // as many requests at once as the pool has connections, again and again: none may wait for a
    // connection that was never given back
    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String key = "after-" + round + "-" + i + "-" + System.nanoTime();
        answers.add(
            CompletableFuture.supplyAsync(
                () ->
                    await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .until(
                            () ->
                                createPost(tenant, key, "After the pause " + key, account)
                                    .returnResult()
                                    .getStatus()
                                    .value(),
                            status -> status == 201)));
      }
      for (CompletableFuture<Integer> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(201);
      }
    }
  }

  private static long lockWaiters(Connection observer) throws SQLException {
    try (PreparedStatement waiting =
        observer.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
      try (ResultSet rows = waiting.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private WebTestClient.BodySpec<Map<String, Object>, ?> createPost(
      Tenant tenant, String key, String text, String account) {
    return post(tenant, "/v1/posts")
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", text, "account_ids", List.of(account)))
        .exchange()
        .expectBody(JSON);
  }

  private static void assertUnavailable(EntityExchangeResult<Map<String, Object>> result) {
    assertThat(result.getStatus().value()).isEqualTo(503);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) result.getResponseBody().get("error");
    assertThat(error).containsEntry("code", "service.unavailable");
  }

  /** Asked outside a transaction: pg_stat_activity is read once per transaction. */
  private static boolean waitingOnALock(Connection observer) throws SQLException {
    try (PreparedStatement waiting =
        observer.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
      try (ResultSet rows = waiting.executeQuery()) {
        return rows.next() && rows.getLong(1) > 0;
      }
    }
  }

  private static long count(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static Connection directConnection() throws SQLException {
    Map<String, String> db = SharedTestInfrastructure.get().springProperties();
    Properties credentials = new Properties();
    credentials.setProperty("user", db.get("spring.datasource.username"));
    credentials.setProperty("password", db.get("spring.datasource.password"));
    return DriverManager.getConnection(db.get("spring.datasource.url"), credentials);
  }
}

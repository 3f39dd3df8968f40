package dev.omnipost.inbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.inbox.InboxIngestorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * X's Account Activity webhook at {@code /webhooks/x}: the CRC challenge answered with the consumer
 * secret's HMAC (expected values computed independently with {@code openssl dgst -sha256 -hmac …
 * -binary | base64}), and deliveries accepted only with a valid {@code
 * x-twitter-webhooks-signature}, a valid one requesting a sync of the named user's account.
 */
@SpringBootTest(
    classes = InboxIngestorApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=inbox-ingestor",
      "management.server.port=0",
      "omnipost.inbox.sync-enabled=false",
      "omnipost.inbox.x.consumer-secret=x-consumer-secret",
    })
class XWebhookTests {

  private static final String USER = "2244994945";
  private static final String BODY = "{\"for_user_id\":\"" + USER + "\"}";
  private static final String BODY_SIGNATURE =
      "sha256=A8Rf8bFwT1JxQ17Xms2h87EjjFEZj8Qz98RDTvbc9Qw=";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersTheCrcChallengeWithTheConsumerSecretsHmac() throws Exception {
    HttpResponse<String> answer = send(get("/webhooks/x?crc_token=crc-token-123"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("application/json");
    assertThat(answer.body())
        .isEqualTo("{\"response_token\":\"sha256=YUsT0aLbF0VtFGcLCND1EU/aQP0sjPL19cPulVY7Wes=\"}");
    assertThat(send(get("/webhooks/x")).statusCode()).isEqualTo(400);
  }

  @Test
  void refusesDeliveriesWithoutAValidSignatureAndNudgesTheSyncOtherwise() throws Exception {
    String account = twitterAccount();

    HttpResponse<String> unsigned = send(post(BODY, null));
    HttpResponse<String> forged = send(post(BODY, "sha256=" + "A".repeat(43) + "="));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("webhook.invalid_signature");
    assertThat(requested(account)).isFalse();

    HttpResponse<String> signed = send(post(BODY, BODY_SIGNATURE));

    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(requested(account)).isTrue();
  }

  private String twitterAccount() {
    String workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'X webhook test')")
        .param("id", workspace)
        .update();
    String id = Ids.newId("acc");
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc)
            VALUES (:id, :ws, 'twitter', :pid, 'Shop', 'shop', :token)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("pid", USER)
        .param("token", new byte[] {1})
        .update();
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:a, 'mentions', now())")
        .param("a", id)
        .update();
    return id;
  }

  private boolean requested(String account) {
    return jdbc.sql(
            "SELECT requested_at IS NOT NULL FROM inbox_cursors WHERE account_id = :a AND kind = 'mentions'")
        .param("a", account)
        .query(Boolean.class)
        .single();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
  }

  private HttpRequest post(String body, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/x"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("x-twitter-webhooks-signature", signature);
    }
    return request.build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}

package dev.omnipost.publisher.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.Ids;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.publisher.PublisherIntegrationTest;
import dev.omnipost.publisher.TestPlatforms;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The refresher against the sandbox's token endpoints. */
class TokenRefresherTests extends PublisherIntegrationTest {

  private static final String CALLBACK = "http://localhost:7777/callback";
  private static final String VERIFIER = Ids.randomBase62(64);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired private JdbcClient jdbc;
  @Autowired private SecretCipher cipher;
  @Autowired private MeterRegistry meters;

  @Test
  void aTokenAboutToExpireIsRefreshedAndTheRotatedRefreshTokenStoredWithIt() throws Exception {
    JsonNode signedIn =
        signIn("tiktok", "/tiktok/v2/auth/authorize/", "/tiktok/v2/oauth/token/", true, "t-501");
    String account = account("tiktok", "t-501", signedIn);
    String oldRefresh = signedIn.path("refresh_token").asString();

    await().atMost(Duration.ofSeconds(15)).until(() -> !refreshToken(account).equals(oldRefresh));

    String newAccess = accessToken(account);
    assertThat(newAccess).isNotEqualTo(signedIn.path("access_token").asString());
    assertThat(get("/tiktok/v2/user/info/?fields=open_id", newAccess).statusCode()).isEqualTo(200);
    assertThat(refreshAtSandbox("/tiktok/v2/oauth/token/", oldRefresh).statusCode()).isEqualTo(400);
    assertThat(expiresAt(account)).isAfter(Instant.now().plus(Duration.ofHours(23)));
  }

  @Test
  void anExpiredTokenIsReplacedByOneThePlatformAccepts() throws Exception {
    put("/_sandbox/oauth/lifetimes", Map.of("platform", "pinterest", "access_token_secs", 2));
    JsonNode signedIn =
        signIn("pinterest", "/pinterest/oauth/", "/pinterest/v5/oauth/token", false, "p-502");
    String oldAccess = signedIn.path("access_token").asString();
    String account = account("pinterest", "p-502", signedIn);

    await().atMost(Duration.ofSeconds(15)).until(() -> !accessToken(account).equals(oldAccess));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/pinterest/v5/boards", oldAccess).statusCode() == 401);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/pinterest/v5/boards", accessToken(account)).statusCode() == 200);
    assertThat(status(account)).isEqualTo("connected");
  }

  @Test
  void aRefusedRefreshMarksTheAccountExpiredAndAsksForAReconnect() throws Exception {
    JsonNode signedIn =
        signIn("pinterest", "/pinterest/oauth/", "/pinterest/v5/oauth/token", false, "p-503");
    post("/_sandbox/oauth/revocations", Map.of("platform", "pinterest", "account_id", "p-503"));
    double refusedBefore = refreshFailures("pinterest", "refused");
    assertThat(refreshFailures("tiktok", "unavailable")).as("registered at zero").isZero();

    String account = account("pinterest", "p-503", signedIn);

    await().atMost(Duration.ofSeconds(15)).until(() -> status(account).equals("expired"));
    assertThat(events(account)).containsExactly("account.needs_reconnect");
    assertThat(refreshFailures("pinterest", "refused")).isEqualTo(refusedBefore + 1);
  }

  @Test
  void aTokenThatCannotBeRefreshedIsAnnouncedOnceBeforeItExpires() {
    String workspace = data.workspace();
    String id = Ids.newId("acc");
    jdbc.sql(
            "INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle,"
                + " access_token_enc, token_expires_at) VALUES (:id, :ws, 'facebook', :pid, 'Page',"
                + " 'page', :token, :expires)")
        .param("id", id)
        .param("ws", workspace)
        .param("pid", Ids.randomBase62(8))
        .param("token", cipher.encrypt("user-token", SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param("expires", Timestamp.from(Instant.now().plus(Duration.ofDays(2))))
        .update();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(id).contains("account.token_expiring"));

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> events(id).size() == 1);
  }

  private double refreshFailures(String platform, String reason) {
    return meters
        .get("omnipost.accounts.tokens.refresh.failures")
        .tag("platform", platform)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private String account(String platform, String platformAccountId, JsonNode tokens) {
    String workspace = data.workspace();
    String id = Ids.newId("acc");
    jdbc.sql(
            "INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle,"
                + " access_token_enc, refresh_token_enc, token_expires_at) VALUES (:id, :ws, :platform,"
                + " :pid, 'Agency', 'agency', :access, :refresh, :expires)")
        .param("id", id)
        .param("ws", workspace)
        .param("platform", platform)
        .param("pid", platformAccountId)
        .param(
            "access",
            cipher.encrypt(
                tokens.path("access_token").asString(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param(
            "refresh",
            cipher.encrypt(
                tokens.path("refresh_token").asString(), SecretColumn.ACCOUNT_REFRESH_TOKEN.of(id)))
        .param(
            "expires",
            Timestamp.from(
                Instant.now().plusSeconds(Math.min(tokens.path("expires_in").asLong(), 300))))
        .update();
    return id;
  }

  private JsonNode signIn(
      String platform, String authorize, String token, boolean pkce, String accountId)
      throws Exception {
    String state = Ids.randomBase62(12);
    post(
        "/_sandbox/oauth/consent",
        Map.of(
            "platform",
            platform,
            "decision",
            "approve",
            "state",
            state,
            "accounts",
            List.of(Map.of("account_id", accountId, "username", "user" + accountId))));
    UriComponentsBuilder url =
        UriComponentsBuilder.fromUriString(TestPlatforms.SANDBOX.baseUrl() + authorize)
            .queryParam("client_id", "app")
            .queryParam("client_key", "app")
            .queryParam("redirect_uri", CALLBACK)
            .queryParam("response_type", "code")
            .queryParam("state", state);
    if (pkce) {
      url.queryParam("code_challenge", challenge()).queryParam("code_challenge_method", "S256");
    }
    HttpResponse<String> consent =
        HTTP.send(
            HttpRequest.newBuilder(url.build().toUri()).build(),
            HttpResponse.BodyHandlers.ofString());
    String code =
        UriComponentsBuilder.fromUriString(consent.headers().firstValue("Location").orElseThrow())
            .build()
            .getQueryParams()
            .getFirst("code");
    Map<String, String> form =
        new java.util.LinkedHashMap<>(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                CALLBACK,
                "client_id",
                "app",
                "client_key",
                "app"));
    if (pkce) {
      form.put("code_verifier", VERIFIER);
    }
    HttpResponse<String> answer = form(token, form);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private HttpResponse<String> refreshAtSandbox(String path, String refreshToken) throws Exception {
    return form(
        path,
        Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_key", "app"));
  }

  private HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
    String body =
        fields.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(TestPlatforms.SANDBOX.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(TestPlatforms.SANDBOX.baseUrl() + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void post(String path, Object body) throws Exception {
    send("POST", path, body);
  }

  private void put(String path, Object body) throws Exception {
    send("PUT", path, body);
  }

  private void send(String method, String path, Object body) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(TestPlatforms.SANDBOX.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
  }

  private String accessToken(String account) {
    byte[] sealed =
        jdbc.sql("SELECT access_token_enc FROM accounts WHERE id = ?")
            .param(account)
            .query(byte[].class)
            .single();
    return cipher.decrypt(sealed, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(account));
  }

  private String refreshToken(String account) {
    byte[] sealed =
        jdbc.sql("SELECT refresh_token_enc FROM accounts WHERE id = ?")
            .param(account)
            .query(byte[].class)
            .single();
    return cipher.decrypt(sealed, SecretColumn.ACCOUNT_REFRESH_TOKEN.of(account));
  }

  private Instant expiresAt(String account) {
    return jdbc.sql("SELECT token_expires_at FROM accounts WHERE id = ?")
        .param(account)
        .query(Timestamp.class)
        .single()
        .toInstant();
  }

  private String status(String account) {
    return jdbc.sql("SELECT status FROM accounts WHERE id = ?")
        .param(account)
        .query(String.class)
        .single();
  }

  private List<String> events(String account) {
    return jdbc.sql("SELECT type FROM event_log WHERE subject = ?")
        .param(account)
        .query(String.class)
        .list();
  }

  private static String challenge() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}

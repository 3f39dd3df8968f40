package dev.omnipost.localstack;

import dev.omnipost.events.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo workspace of the local stack: created once through the real operator API, with a
 * Mastodon and an Instagram account connected through the platforms' sign-ins against the platform
 * sandbox (as a client connects them: {@code POST /v1/accounts/connect}, consent, callback). What
 * it created is kept in {@code demo.json} in the data directory so a restart reuses the same
 * workspace and key.
 *
 * <p>The sandbox keeps its accounts on disk under the data directory ({@code sandbox/}), so a
 * restart finds them there.
 */
public record DemoWorkspace(
    String workspaceId,
    String apiKey,
    String mastodonAccountId,
    String instagramAccountId,
    String mastodonToken,
    String instagramToken) {

  static final String MASTODON_ACCOUNT = "demo-mastodon";
  static final String INSTAGRAM_USER = "17841400000000001";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * On a restart with a data directory whose sandbox kept no state (one written before the sandbox
   * kept it on disk), gives the sandbox the demo accounts again, before any worker runs: an inbox
   * sync against a sandbox without them would mark the accounts expired. Nothing to do on a first
   * start, nor when the sandbox has its state (re-registering would put back the first tokens over
   * refreshed ones).
   */
  static void restoreSandboxAccounts(Path dataDir, String sandboxUrl) {
    Path file = dataDir.resolve("demo.json");
    if (Files.exists(file)) {
      registerSandboxAccounts(sandboxUrl, read(file));
    }
  }

  /**
   * The demo workspace of an earlier start (its sandbox accounts already restored by {@link
   * #restoreSandboxAccounts}), or a new one.
   */
  static DemoWorkspace loadOrCreate(
      Path dataDir, String gatewayUrl, String sandboxUrl, String operatorToken) {
    Path file = dataDir.resolve("demo.json");
    if (Files.exists(file)) {
      return read(file);
    }
    String mastodonToken = "sandbox_" + Ids.randomBase62(24);
    String instagramToken = "sandbox_" + Ids.randomBase62(24);
    registerSandboxAccounts(
        sandboxUrl, new DemoWorkspace(null, null, null, null, mastodonToken, instagramToken));

    JsonNode created =
        post(
            gatewayUrl + "/v1/admin/workspaces",
            operatorToken,
            // generous: trying the API (or benchmarking against it) never meets a limit
            Map.of(
                "name",
                "Demo agency",
                "plan",
                "unlimited",
                "ai_credits",
                500,
                "rate_limit_per_minute",
                100_000));
    String workspaceId = created.at("/data/workspace/id").asString();
    String apiKey = created.at("/data/api_key/key").asString();

    // the demo connects its accounts as a client would: allow-listed redirect URIs, then each
    // platform's sign-in against the sandbox (the consent is given through its control API, with
    // tokens chosen here so a restart can give them to the in-memory sandbox again)
    for (String uri : List.of("http://localhost", "http://127.0.0.1")) {
      post(gatewayUrl + "/v1/oauth/redirect-uris", apiKey, Map.of("uri", uri));
    }
    String mastodonId =
        connectThroughSignIn(
            gatewayUrl,
            sandboxUrl,
            apiKey,
            "mastodon",
            Map.of("instance_url", sandboxUrl.replace("localhost", "127.0.0.1") + "/mastodon"),
            Map.of(
                "account_id",
                MASTODON_ACCOUNT,
                "username",
                "omnipost_demo",
                "name",
                "Demo on Mastodon",
                "access_token",
                mastodonToken));
    String instagramId =
        connectThroughSignIn(
            gatewayUrl,
            sandboxUrl,
            apiKey,
            "instagram",
            Map.of(),
            Map.of(
                "account_id",
                INSTAGRAM_USER,
                "username",
                "omnipost.demo",
                "name",
                "Demo on Instagram",
                "access_token",
                instagramToken));
    DemoWorkspace demo =
        new DemoWorkspace(
            workspaceId, apiKey, mastodonId, instagramId, mastodonToken, instagramToken);
    write(file, demo);
    return demo;
  }

  private static void registerSandboxAccounts(String sandboxUrl, DemoWorkspace demo) {
    post(
        sandboxUrl + "/_sandbox/accounts",
        null,
        Map.of(
            "platform",
            "mastodon",
            "account_id",
            MASTODON_ACCOUNT,
            "username",
            "omnipost_demo",
            "access_token",
            demo.mastodonToken()));
    post(
        sandboxUrl + "/_sandbox/accounts",
        null,
        Map.of(
            "platform",
            "instagram",
            "account_id",
            INSTAGRAM_USER,
            "username",
            "omnipost.demo",
            "access_token",
            demo.instagramToken()));
  }

  /**
   * Connects one account through {@code POST /v1/accounts/connect}, the sandbox's consent page and
   * the gateway's callback (and, for Instagram, the choice of the business account).
   */
  private static String connectThroughSignIn(
      String gatewayUrl,
      String sandboxUrl,
      String apiKey,
      String platform,
      Map<String, String> extra,
      Map<String, String> account) {
    Map<String, Object> request = new LinkedHashMap<>(extra);
    request.put("platform", platform);
    request.put("redirect_uri", "http://localhost/omnipost-demo");
    JsonNode started = post(gatewayUrl + "/v1/accounts/connect", apiKey, request).path("data");
    String state = started.path("state").asString();
    post(
        sandboxUrl + "/_sandbox/oauth/consent",
        null,
        Map.of(
            "platform",
            platform,
            "decision",
            "approve",
            "state",
            state,
            "accounts",
            List.of(account)));
    URI callback = redirectOf(URI.create(started.path("authorize_url").asString()));
    URI back = redirectOf(callback);
    Map<String, String> outcome = new LinkedHashMap<>();
    for (String pair : back.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      outcome.put(
          pair.substring(0, eq),
          java.net.URLDecoder.decode(
              pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    if (outcome.containsKey("error")) {
      throw new IllegalStateException(
          "Connecting the demo " + platform + " account failed: " + outcome);
    }
    if ("required".equals(outcome.get("choose"))) {
      return post(
              gatewayUrl + "/v1/accounts/connect/" + state + "/choose",
              apiKey,
              Map.of("account_ids", List.of(account.get("account_id"))))
          .at("/data/0/id")
          .asString();
    }
    return outcome.get("account_id");
  }

  /** Where a GET of {@code uri} redirects to (the client's HTTP client does not follow). */
  private static URI redirectOf(URI uri) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return URI.create(
          response
              .headers()
              .firstValue("Location")
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "GET " + uri + " answered " + response.statusCode())));
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode post(String url, String bearer, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "POST " + url + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static DemoWorkspace read(Path file) {
    return JSON.readValue(PrivateFiles.read(file), DemoWorkspace.class);
  }

  private static void write(Path file, DemoWorkspace demo) {
    // it holds the demo workspace's API key
    PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(demo));
  }
}

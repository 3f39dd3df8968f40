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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo workspace of the local stack: created once through the real operator API, with one
 * account per platform (all eleven) connected as a client connects them, against the platform
 * sandbox: {@code POST /v1/accounts/connect}, the platform's consent, the gateway's callback (PKCE
 * where the platform requires it), then the Facebook Page, Instagram business account, Pinterest
 * default board or Google Business location chosen; Mastodon through its instance's app
 * registration, Bluesky from an app password. What it created is kept in {@code demo.json} in the
 * data directory so a restart reuses the same workspace, key and accounts.
 *
 * <p>The sandbox keeps its accounts on disk under the data directory ({@code sandbox/}), so a
 * restart finds them there. A data directory from before that (no sandbox state) gets the accounts
 * registered again with the tokens chosen here, and those whose tokens expire and refresh are then
 * signed in again through the same flows, which reconnects the same Omnipost accounts (no
 * duplicates) with tokens and refresh tokens the sandbox knows.
 *
 * @param accountIds the Omnipost account id per platform id
 * @param tokens the access token (Bluesky: the app password) chosen per platform id
 */
public record DemoWorkspace(
    String workspaceId,
    String apiKey,
    String mastodonAccountId,
    String instagramAccountId,
    String mastodonToken,
    String instagramToken,
    Map<String, String> accountIds,
    Map<String, String> tokens) {

  static final String MASTODON_ACCOUNT = "demo-mastodon";
  static final String INSTAGRAM_USER = "17841400000000001";

  /** One demo account as the sandbox knows it. */
  record SandboxIdentity(String platform, String accountId, String username, String name) {}

  /** The eleven demo accounts, in the order they are connected. */
  static final List<SandboxIdentity> IDENTITIES =
      List.of(
          new SandboxIdentity("mastodon", MASTODON_ACCOUNT, "omnipost_demo", "Demo on Mastodon"),
          new SandboxIdentity("instagram", INSTAGRAM_USER, "omnipost.demo", "Demo on Instagram"),
          new SandboxIdentity(
              "facebook", "104000000000001", "Demo on Facebook", "Demo on Facebook"),
          new SandboxIdentity("twitter", "1500000000000000001", "omnipost_demo", "Demo on X"),
          new SandboxIdentity("linkedin", "dEm0L1nkedIn", "Demo on LinkedIn", "Demo on LinkedIn"),
          new SandboxIdentity("tiktok", "demo-tiktok-open-id", "omnipost.demo", "Demo on TikTok"),
          new SandboxIdentity(
              "youtube", "UCdemo00000000000000001", "omnipostdemo", "Demo on YouTube"),
          new SandboxIdentity("pinterest", "1125900000000001", "omnipostdemo", "Demo on Pinterest"),
          new SandboxIdentity("threads", "17841400000000002", "omnipost.demo", "Demo on Threads"),
          new SandboxIdentity("bluesky", "did:plc:omnipostdemo", "omnipost-demo.bsky.social", null),
          new SandboxIdentity(
              "google_business", "1001234567890", "Demo Bakery", "Demo Bakery on Google"));

  /** The demo Pinterest user's board, its default board. */
  static final String PINTEREST_BOARD = "1125900000000901";

  /** Signed in again on every start: their tokens expire and refresh on the sandbox. */
  static final Set<String> REFRESHING =
      Set.of("twitter", "linkedin", "tiktok", "youtube", "pinterest", "threads", "google_business");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public DemoWorkspace {
    accountIds = accountIds == null ? Map.of() : Map.copyOf(accountIds);
    tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
  }

  /** The Omnipost id of the demo account on {@code platform} (a platform id: {@code twitter}). */
  public String accountId(String platform) {
    return switch (platform) {
      case "mastodon" -> mastodonAccountId;
      case "instagram" -> instagramAccountId;
      default -> accountIds.get(platform);
    };
  }

  /** The demo accounts' Omnipost ids by platform id, all eleven. */
  public Map<String, String> allAccountIds() {
    Map<String, String> all = new LinkedHashMap<>();
    for (SandboxIdentity identity : IDENTITIES) {
      all.put(identity.platform(), accountId(identity.platform()));
    }
    return all;
  }

  private String token(String platform) {
    return switch (platform) {
      case "mastodon" -> mastodonToken;
      case "instagram" -> instagramToken;
      default -> tokens.get(platform);
    };
  }

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
   * #restoreSandboxAccounts} and, when it was ({@code sandboxRestored}), the accounts with
   * refreshing tokens signed in again), any platform an older version did not connect connected
   * now), or a new one.
   */
  static DemoWorkspace loadOrCreate(
      Path dataDir,
      String gatewayUrl,
      String sandboxUrl,
      String operatorToken,
      boolean sandboxRestored) {
    Path file = dataDir.resolve("demo.json");
    DemoWorkspace demo;
    if (Files.exists(file)) {
      demo = read(file);
    } else {
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
      String apiKey = created.at("/data/api_key/key").asString();
      // the demo connects its accounts as a client would: allow-listed redirect URIs first
      for (String uri : List.of("http://localhost", "http://127.0.0.1")) {
        post(gatewayUrl + "/v1/oauth/redirect-uris", apiKey, Map.of("uri", uri));
      }
      demo =
          new DemoWorkspace(
              created.at("/data/workspace/id").asString(),
              apiKey,
              null,
              null,
              null,
              null,
              null,
              null);
    }
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    for (SandboxIdentity identity : IDENTITIES) {
      String platform = identity.platform();
      String token = demo.token(platform);
      String id = demo.accountId(platform);
      if (token == null) {
        token =
            platform.equals("bluesky")
                ? String.join(
                        "-",
                        Ids.randomBase62(4),
                        Ids.randomBase62(4),
                        Ids.randomBase62(4),
                        Ids.randomBase62(4))
                    .toLowerCase(java.util.Locale.ROOT)
                : "sandbox_" + Ids.randomBase62(24);
      }
      if (id == null || (sandboxRestored && REFRESHING.contains(platform))) {
        registerSandboxAccount(sandboxUrl, identity, token);
        id = connect(gatewayUrl, sandboxUrl, demo.apiKey(), identity, token);
      }
      ids.put(platform, id);
      tokens.put(platform, token);
    }
    DemoWorkspace connected =
        new DemoWorkspace(
            demo.workspaceId(),
            demo.apiKey(),
            ids.remove("mastodon"),
            ids.remove("instagram"),
            tokens.remove("mastodon"),
            tokens.remove("instagram"),
            ids,
            tokens);
    if (!connected.equals(demo)) {
      write(file, connected);
    }
    return connected;
  }

  private static void registerSandboxAccounts(String sandboxUrl, DemoWorkspace demo) {
    for (SandboxIdentity identity : IDENTITIES) {
      String token = demo.token(identity.platform());
      if (token != null) {
        registerSandboxAccount(sandboxUrl, identity, token);
      }
    }
  }

  /** The account as the sandbox's platform API knows it, with the demo's token. */
  private static void registerSandboxAccount(
      String sandboxUrl, SandboxIdentity identity, String token) {
    if (identity.platform().equals("bluesky")) {
      post(
          sandboxUrl + "/_sandbox/bluesky/app-passwords",
          null,
          Map.of(
              "handle", identity.username(), "did", identity.accountId(), "app_password", token));
      return;
    }
    post(
        sandboxUrl + "/_sandbox/accounts",
        null,
        Map.of(
            "platform",
            identity.platform(),
            "account_id",
            identity.accountId(),
            "username",
            identity.username(),
            "access_token",
            token));
    if (identity.platform().equals("pinterest")) {
      post(
          sandboxUrl + "/_sandbox/pinterest/boards",
          null,
          Map.of(
              "account_id",
              identity.accountId(),
              "username",
              identity.username(),
              "board_id",
              PINTEREST_BOARD,
              "name",
              "Omnipost demo"));
    }
  }

  /** Connects (or reconnects) one demo account the way its platform signs in. */
  private static String connect(
      String gatewayUrl, String sandboxUrl, String apiKey, SandboxIdentity identity, String token) {
    return switch (identity.platform()) {
      case "bluesky" ->
          post(
                  gatewayUrl + "/v1/accounts/connect",
                  apiKey,
                  Map.of(
                      "platform",
                      "bluesky",
                      "identifier",
                      identity.username(),
                      "app_password",
                      token))
              .at("/data/id")
              .asString();
      case "mastodon" ->
          connectThroughSignIn(
              gatewayUrl,
              sandboxUrl,
              apiKey,
              identity,
              token,
              Map.of("instance_url", sandboxUrl.replace("localhost", "127.0.0.1") + "/mastodon"));
      default -> connectThroughSignIn(gatewayUrl, sandboxUrl, apiKey, identity, token, Map.of());
    };
  }

  /**
   * Connects one account through {@code POST /v1/accounts/connect}, the sandbox's consent page and
   * the gateway's callback, then, when the login asks for it, the choice of the Page or business
   * account (the demo's), the board or the location (the first offered).
   */
  private static String connectThroughSignIn(
      String gatewayUrl,
      String sandboxUrl,
      String apiKey,
      SandboxIdentity identity,
      String token,
      Map<String, String> extra) {
    String platform = identity.platform();
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
            List.of(
                Map.of(
                    "account_id",
                    identity.accountId(),
                    "username",
                    identity.username(),
                    "name",
                    identity.name(),
                    "access_token",
                    token))));
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
      JsonNode choices =
          get(gatewayUrl + "/v1/accounts/connect/" + state + "/choices", apiKey).path("data");
      String choice = choices.path(0).path("id").asString();
      for (JsonNode offered : choices) {
        if (offered.path("id").asString().equals(identity.accountId())
            || offered.path("id").asString().equals(PINTEREST_BOARD)) {
          choice = offered.path("id").asString();
        }
      }
      return post(
              gatewayUrl + "/v1/accounts/connect/" + state + "/choose",
              apiKey,
              Map.of("account_ids", List.of(choice)))
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

  private static JsonNode get(String url, String bearer) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "GET " + url + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode post(String url, String bearer, Object body) {
    // a 503 changed nothing (the gateway could not open its transaction, e.g. a starved machine
    // right after start): ask again a few times, under one key, before giving up the start
    String idempotencyKey = "local-stack-" + java.util.UUID.randomUUID();
    CompletableFuture<JsonNode> answer =
        CompletableFuture.supplyAsync(() -> postOnce(url, bearer, body, idempotencyKey));
    for (int retry = 1; retry < 5; retry++) {
      answer =
          answer
              .thenApply(CompletableFuture::completedFuture)
              .exceptionally(
                  failure ->
                      failure.getCause() instanceof Unavailable
                          ? CompletableFuture.supplyAsync(
                              () -> postOnce(url, bearer, body, idempotencyKey), RETRY_AFTER)
                          : CompletableFuture.failedFuture(failure.getCause()))
              .thenCompose(next -> next);
    }
    try {
      return answer.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  /** A retry after a 503 is scheduled this long after it, not slept on. */
  private static final Executor RETRY_AFTER =
      CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS);

  /** The gateway answered 503: nothing was done, the request may be sent again. */
  private static final class Unavailable extends IllegalStateException {
    Unavailable(String message) {
      super(message);
    }
  }

  private static JsonNode postOnce(String url, String bearer, Object body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            // generous: right after start, on a machine shared with other builds, the first
            // requests wait for JIT and connection pools (a timed-out POST is not sent again)
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    // the key makes a retry after a 503 (see post) safe
    request.header("Idempotency-Key", idempotencyKey);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 503) {
        throw new Unavailable("POST " + url + " answered 503: " + response.body());
      }
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

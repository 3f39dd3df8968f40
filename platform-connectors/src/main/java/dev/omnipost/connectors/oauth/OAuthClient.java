package dev.omnipost.connectors.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.oauth.OAuthProvider.Style;
import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of every platform's sign-in: the consent URL, code exchange (with the PKCE
 * verifier), the follow-up calls that turn a code into accounts (long-lived exchange, "who am I",
 * Graph Pages), refreshes, Mastodon app registration and Bluesky sessions. Blocking: call it off
 * the event loop.
 */
public final class OAuthClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OAuthSettings settings;
  private final RestClient http;

  /** For Mastodon instances, hosts the tenant chose: through the SSRF guard. */
  private final RestClient instances;

  private final Clock clock;

  /** With a guard that lets Mastodon calls reach public addresses only. */
  public OAuthClient(OAuthSettings settings, Clock clock) {
    this(settings, clock, new EgressGuard(List.of()));
  }

  /**
   * @param instanceGuard the service's SSRF guard for Mastodon instances (app registration, code
   *     exchange, {@code verify_credentials}, revocation): {@code omnipost.egress.allowed-networks}
   *     plus {@code omnipost.oauth.instance-networks}
   */
  public OAuthClient(OAuthSettings settings, Clock clock, EgressGuard instanceGuard) {
    this.settings = settings;
    this.http = PlatformHttp.restClient(settings.httpTimeout());
    this.instances = PlatformHttp.guardedRestClient(settings.httpTimeout(), instanceGuard);
    this.clock = clock;
  }

  private RestClient clientFor(OAuthProvider provider) {
    return provider.style() == Style.MASTODON ? instances : http;
  }

  private String url(OAuthProvider provider, OAuthProvider.Endpoint endpoint, String instanceUrl) {
    String host =
        provider.style() == Style.MASTODON ? instanceUrl : settings.host(provider.platform());
    return endpoint.url(host);
  }

  /** Where to send the user to approve Omnipost. */
  public String authorizeUrl(
      Platform platform,
      String instanceUrl,
      String clientId,
      String callback,
      String state,
      String codeChallenge) {
    OAuthProvider provider = OAuthProviders.of(platform);
    UriComponentsBuilder url =
        UriComponentsBuilder.fromUriString(url(provider, provider.authorize(), instanceUrl))
            .queryParam(provider.clientIdParam(), clientId)
            .queryParam("redirect_uri", callback)
            .queryParam("response_type", "code")
            .queryParam("scope", provider.scopes())
            .queryParam("state", state);
    if (provider.pkce() && codeChallenge != null) {
      url.queryParam("code_challenge", codeChallenge).queryParam("code_challenge_method", "S256");
    }
    provider.extraAuthorizeParams().forEach(url::queryParam);
    return url.encode().build().toUriString();
  }

  /**
   * Exchanges the code and finds the accounts it gives access to: one user, or (Graph) the Pages or
   * Instagram business accounts behind the login, each with its own token.
   */
  public List<SignedInAccount> completeSignIn(
      Platform platform,
      String instanceUrl,
      String clientId,
      String clientSecret,
      String code,
      String callback,
      String verifier) {
    OAuthProvider provider = OAuthProviders.of(platform);
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", callback);
    if (provider.pkce() && verifier != null) {
      form.add("code_verifier", verifier);
    }
    switch (provider.style()) {
      case GRAPH -> {
        String tokenUrl = url(provider, provider.token(), instanceUrl);
        JsonNode shortLived =
            get(
                UriComponentsBuilder.fromUriString(tokenUrl)
                    .queryParam("client_id", clientId)
                    .queryParam("client_secret", clientSecret)
                    .queryParam("redirect_uri", callback)
                    .queryParam("code", code)
                    .encode()
                    .build()
                    .toUriString(),
                null);
        JsonNode longLived =
            get(
                UriComponentsBuilder.fromUriString(tokenUrl)
                    .queryParam("grant_type", "fb_exchange_token")
                    .queryParam("client_id", clientId)
                    .queryParam("client_secret", clientSecret)
                    .queryParam("fb_exchange_token", shortLived.path("access_token").asString())
                    .encode()
                    .build()
                    .toUriString(),
                null);
        JsonNode pages =
            get(
                url(provider, provider.identity(), instanceUrl),
                longLived.path("access_token").asString());
        List<SignedInAccount> accounts = new ArrayList<>();
        for (JsonNode page : pages.path("data")) {
          TokenSet pageToken = new TokenSet(page.path("access_token").asString(), null, null, null);
          if (platform == Platform.INSTAGRAM) {
            JsonNode ig = page.path("instagram_business_account");
            if (!ig.isMissingNode() && !ig.isNull()) {
              accounts.add(
                  new SignedInAccount(
                      ig.path("id").asString(),
                      ig.path("username").asString(),
                      page.path("name").asString(),
                      pageToken));
            }
          } else {
            accounts.add(
                new SignedInAccount(
                    page.path("id").asString(),
                    page.path("name").asString(),
                    page.path("name").asString(),
                    pageToken));
          }
        }
        return accounts;
      }
      case THREADS -> {
        form.add("client_id", clientId);
        form.add("client_secret", clientSecret);
        JsonNode shortLived = post(url(provider, provider.token(), instanceUrl), form, null);
        String host =
            settings.host(platform) != null ? settings.host(platform) : "https://graph.threads.net";
        JsonNode longLived =
            get(
                UriComponentsBuilder.fromUriString(host + "/access_token")
                    .queryParam("grant_type", "th_exchange_token")
                    .queryParam("client_secret", clientSecret)
                    .queryParam("access_token", shortLived.path("access_token").asString())
                    .encode()
                    .build()
                    .toUriString(),
                null);
        TokenSet tokens = tokens(longLived, null);
        return List.of(identify(provider, instanceUrl, tokens));
      }
      default -> {
        String basic = null;
        if (provider.basicClientAuth()) {
          basic = basic(clientId, clientSecret);
        } else {
          form.add(provider.clientIdParam(), clientId);
          form.add("client_secret", clientSecret);
        }
        TokenSet tokens =
            tokens(
                post(
                    clientFor(provider), url(provider, provider.token(), instanceUrl), form, basic),
                null);
        return List.of(identify(provider, instanceUrl, tokens));
      }
    }
  }

  /**
   * A fresh access token. {@code refreshToken} is the refresh token (Bluesky: the refresh JWT;
   * Threads: ignored, the long-lived access token refreshes itself).
   *
   * @throws OAuthRefusedException the platform will not refresh: reconnect
   */
  public TokenSet refresh(
      Platform platform,
      String instanceUrl,
      String clientId,
      String clientSecret,
      String refreshToken,
      String accessToken) {
    OAuthProvider provider = OAuthProviders.of(platform);
    switch (provider.style()) {
      case THREADS -> {
        String host =
            settings.host(platform) != null ? settings.host(platform) : "https://graph.threads.net";
        return tokens(
            get(
                UriComponentsBuilder.fromUriString(host + "/refresh_access_token")
                    .queryParam("grant_type", "th_refresh_token")
                    .queryParam("access_token", accessToken)
                    .encode()
                    .build()
                    .toUriString(),
                null),
            null);
      }
      case BLUESKY -> {
        String pds =
            instanceUrl != null
                ? instanceUrl
                : url(provider, new OAuthProvider.Endpoint(provider.token().host(), ""), null);
        JsonNode session =
            post(pds + "/xrpc/com.atproto.server.refreshSession", null, "Bearer " + refreshToken);
        return sessionTokens(session);
      }
      case STANDARD -> {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        String basic = null;
        if (provider.basicClientAuth()) {
          basic = basic(clientId, clientSecret);
        } else {
          form.add(provider.clientIdParam(), clientId);
          form.add("client_secret", clientSecret);
        }
        return tokens(
            post(url(provider, provider.token(), instanceUrl), form, basic), refreshToken);
      }
      default -> throw new OAuthRefusedException(platform.id() + " tokens cannot be refreshed");
    }
  }

  /**
   * What a newly signed-in account must choose from before it publishes: Pinterest the user's
   * boards ({@code GET /v5/boards}), Google Business Profile the account's locations ({@code GET
   * /v1/{account}/locations} of the Business Information API); nothing for other platforms.
   */
  public List<ConnectOption> connectOptions(Platform platform, SignedInAccount account) {
    String token = account.tokens().accessToken();
    List<ConnectOption> options = new ArrayList<>();
    switch (platform) {
      case PINTEREST -> {
        String host =
            settings.host(platform) != null ? settings.host(platform) : "https://api.pinterest.com";
        JsonNode page = get(host + "/v5/boards?page_size=100", token);
        for (JsonNode board : page.path("items")) {
          options.add(
              new ConnectOption(
                  board.path("id").asString(),
                  board.path("name").asString(board.path("id").asString())));
        }
      }
      case GOOGLE_BUSINESS -> {
        String host =
            settings.host(platform) != null
                ? settings.host(platform)
                : "https://mybusinessbusinessinformation.googleapis.com";
        String accountName = account.platformAccountId();
        JsonNode page =
            get(host + "/v1/" + accountName + "/locations?readMask=name,title&pageSize=100", token);
        for (JsonNode location : page.path("locations")) {
          // the Business Information API names a location locations/{l}; posts need the full name
          String name = location.path("name").asString();
          String full = name.startsWith("accounts/") ? name : accountName + "/" + name;
          options.add(new ConnectOption(full, location.path("title").asString(full)));
        }
      }
      default -> {}
    }
    return options;
  }

  /** Bluesky: a session from the account's handle (or DID) and an app password. */
  public SignedInAccount createSession(String pdsUrl, String identifier, String appPassword) {
    JsonNode session =
        post(
            pdsUrl + "/xrpc/com.atproto.server.createSession",
            Map.of("identifier", identifier, "password", appPassword),
            null);
    return new SignedInAccount(
        session.path("did").asString(),
        session.path("handle").asString(),
        session.path("handle").asString(),
        sessionTokens(session));
  }

  /** Mastodon: registers Omnipost on the instance ({@code POST /api/v1/apps}). */
  public MastodonApp registerApp(
      String instanceUrl, String clientName, String callback, String website) {
    OAuthProvider provider = OAuthProviders.of(Platform.MASTODON);
    JsonNode app =
        post(
            instances,
            instanceUrl + "/api/v1/apps",
            Map.of(
                "client_name",
                clientName,
                "redirect_uris",
                callback,
                "scopes",
                provider.scopes(),
                "website",
                website),
            null);
    return new MastodonApp(app.path("client_id").asString(), app.path("client_secret").asString());
  }

  /** Best effort: tells the platform the token is no longer wanted; false if it could not. */
  public boolean revoke(
      Platform platform, String instanceUrl, String clientId, String clientSecret, String token) {
    OAuthProvider provider = OAuthProviders.of(platform);
    if (provider.revoke() == null || token == null) {
      return false;
    }
    try {
      if (provider.style() == Style.BLUESKY) {
        post(url(provider, provider.revoke(), null), null, "Bearer " + token);
        return true;
      }
      MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
      form.add("token", token);
      form.add(provider.clientIdParam(), clientId);
      form.add("client_secret", clientSecret);
      post(
          clientFor(provider),
          url(provider, provider.revoke(), instanceUrl),
          form,
          provider.basicClientAuth() ? basic(clientId, clientSecret) : null);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private SignedInAccount identify(OAuthProvider provider, String instanceUrl, TokenSet tokens) {
    JsonNode me =
        get(
            clientFor(provider),
            url(provider, provider.identity(), instanceUrl),
            tokens.accessToken());
    return switch (provider.platform()) {
      case TWITTER ->
          account(
              me.path("data").path("id"),
              me.path("data").path("username"),
              me.path("data").path("name"),
              tokens);
      case LINKEDIN -> account(me.path("sub"), me.path("name"), me.path("name"), tokens);
      case PINTEREST ->
          account(
              me.has("id") ? me.path("id") : me.path("username"),
              me.path("username"),
              me.path("business_name"),
              tokens);
      case TIKTOK -> {
        JsonNode user = me.path("data").path("user");
        yield account(
            user.path("open_id"), user.path("username"), user.path("display_name"), tokens);
      }
      case YOUTUBE -> {
        JsonNode channel = me.path("items").path(0);
        yield account(
            channel.path("id"),
            channel.path("snippet").path("customUrl"),
            channel.path("snippet").path("title"),
            tokens);
      }
      case GOOGLE_BUSINESS -> {
        JsonNode first = me.path("accounts").path(0);
        yield account(
            first.path("name"), first.path("accountName"), first.path("accountName"), tokens);
      }
      case MASTODON -> account(me.path("id"), me.path("acct"), me.path("display_name"), tokens);
      default -> account(me.path("id"), me.path("username"), me.path("username"), tokens);
    };
  }

  private static SignedInAccount account(
      JsonNode id, JsonNode handle, JsonNode name, TokenSet tokens) {
    if (id.isMissingNode() || id.isNull() || id.asString().isBlank()) {
      throw new OAuthRefusedException("the platform did not say which account signed in");
    }
    String handleText =
        handle.isMissingNode() || handle.isNull() ? id.asString() : handle.asString();
    String nameText =
        name.isMissingNode() || name.isNull() || name.asString().isBlank()
            ? handleText
            : name.asString();
    return new SignedInAccount(id.asString(), handleText, nameText, tokens);
  }

  private TokenSet tokens(JsonNode body, String previousRefreshToken) {
    Instant now = clock.instant();
    Instant expiresAt =
        body.has("expires_in") ? now.plusSeconds(body.path("expires_in").asLong()) : null;
    String refresh =
        body.path("refresh_token").isString()
            ? body.path("refresh_token").asString()
            : previousRefreshToken;
    JsonNode refreshIn =
        body.has("refresh_token_expires_in")
            ? body.path("refresh_token_expires_in")
            : body.path("refresh_expires_in");
    Instant refreshExpiresAt = refreshIn.isNumber() ? now.plusSeconds(refreshIn.asLong()) : null;
    return new TokenSet(body.path("access_token").asString(), refresh, expiresAt, refreshExpiresAt);
  }

  /** Bluesky's JWTs carry their expiry; the session answer does not. */
  private static TokenSet sessionTokens(JsonNode session) {
    String access = session.path("accessJwt").asString();
    String refresh = session.path("refreshJwt").asString();
    return new TokenSet(access, refresh, jwtExpiry(access), jwtExpiry(refresh));
  }

  private static Instant jwtExpiry(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.has("exp") ? Instant.ofEpochSecond(claims.path("exp").asLong()) : null;
    } catch (RuntimeException notAJwt) {
      return null;
    }
  }

  private static String basic(String clientId, String clientSecret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode get(String url, String bearer) {
    return get(http, url, bearer);
  }

  private JsonNode get(RestClient client, String url, String bearer) {
    // Graph's field expansion braces are the only characters our URLs carry unencoded
    RestClient.RequestHeadersSpec<?> request =
        client.get().uri(java.net.URI.create(url.replace("{", "%7B").replace("}", "%7D")));
    if (bearer != null) {
      request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    return send(request);
  }

  private JsonNode post(String url, Object body, String authorization) {
    return post(http, url, body, authorization);
  }

  private JsonNode post(RestClient client, String url, Object body, String authorization) {
    RestClient.RequestBodySpec request = client.post().uri(java.net.URI.create(url));
    if (authorization != null) {
      request = request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    if (body instanceof MultiValueMap<?, ?> form) {
      request = request.contentType(MediaType.APPLICATION_FORM_URLENCODED);
      request.body(form);
    } else if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON);
      request.body(JSON.writeValueAsString(body));
    }
    return send(request);
  }

  private static JsonNode send(RestClient.RequestHeadersSpec<?> request) {
    try {
      return request.exchange(
          (req, response) -> {
            int status = response.getStatusCode().value();
            String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (status == 429 || status >= 500) {
              throw new OAuthUnavailableException("the platform answered " + status, null);
            }
            JsonNode body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (status >= 400) {
              throw new OAuthRefusedException(describe(status, body));
            }
            return body;
          });
    } catch (ResourceAccessException e) {
      EgressBlockedException blocked = PlatformHttp.blocked(e);
      if (blocked != null) {
        // the guard refused the host: nothing was sent, and waiting will not change that
        throw new OAuthRefusedException(
            "the host cannot be reached from here: " + blocked.getMessage());
      }
      throw new OAuthUnavailableException(
          "the platform could not be reached: " + e.getMessage(), e);
    } catch (tools.jackson.core.JacksonException e) {
      throw new OAuthUnavailableException("the platform answered something that is not JSON", e);
    }
  }

  private static String describe(int status, JsonNode body) {
    JsonNode error = body.path("error");
    if (error.isObject()) {
      return error.path("message").asString(error.path("code").asString("error " + status));
    }
    if (error.isString()) {
      String description =
          body.path("error_description").asString(body.path("message").asString(""));
      return error.asString() + (description.isBlank() ? "" : ": " + description);
    }
    return "the platform answered " + status;
  }
}

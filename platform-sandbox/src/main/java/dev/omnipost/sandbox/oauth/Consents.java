package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.oauth.OAuthPlatform.Style;
import dev.omnipost.sandbox.oauth.OAuthStore.Consent;
import dev.omnipost.sandbox.oauth.OAuthStore.ConsentAccount;
import dev.omnipost.sandbox.oauth.OAuthStore.IssuedCode;
import dev.omnipost.sandbox.oauth.OAuthStore.MastodonApp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The consent page (approved or refused at once, as the control API says, so no browser is needed),
 * token revocation, and Mastodon's app registration.
 */
@Component
class Consents {

  private final OAuthStore store;
  private final SandboxAccounts accounts;
  private final OAuthSettings settings;
  private final Clock clock;

  Consents(OAuthStore store, SandboxAccounts accounts, OAuthSettings settings, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
  }

  /** The account a consent signs in with when no test said otherwise. */
  static ConsentAccount defaultAccount(String platform) {
    return new ConsentAccount("1001", "sandbox_" + platform, "Sandbox " + platform);
  }

  Answer authorize(OAuthPlatform platform, Map<String, String> params, String bearer) {
    String clientId = TokenGrants.clientId(platform, params);
    String redirectUri = params.get("redirect_uri");
    String state = params.get("state");
    if (clientId == null || clientId.isBlank() || redirectUri == null || redirectUri.isBlank()) {
      return Answer.oauthError(
          400, "invalid_request", platform.clientIdParam() + " and redirect_uri are required");
    }
    if (platform.style() == Style.MASTODON) {
      MastodonApp app = store.app(clientId).orElse(null);
      if (app == null) {
        return Answer.oauthError(
            401, "invalid_client", "Client authentication failed due to unknown client");
      }
      if (!app.redirectUris().contains(redirectUri)) {
        return Answer.oauthError(
            400, "invalid_redirect_uri", "The redirect uri included is not valid.");
      }
    }
    if (!"code".equals(params.get("response_type"))) {
      return redirect(
          redirectUri, state, "unsupported_response_type", "response_type must be code");
    }
    String challenge = params.get("code_challenge");
    if (challenge != null && !"S256".equals(params.get("code_challenge_method"))) {
      return redirect(redirectUri, state, "invalid_request", "code_challenge_method must be S256");
    }
    if (platform.pkceRequired() && challenge == null) {
      return redirect(redirectUri, state, "invalid_request", "code_challenge is required");
    }
    Consent consent =
        store
            .consentFor(platform.platform(), state)
            .orElse(new Consent(true, List.of(defaultAccount(platform.platform()))));
    if (!consent.approve()) {
      return redirect(redirectUri, state, "access_denied", "The user denied the request");
    }
    String code =
        store.issueCode(
            new IssuedCode(
                platform.platform(),
                clientId,
                redirectUri,
                challenge,
                params.get("scope"),
                consent.accounts(),
                clock.instant().plus(settings.codeLifetime())));
    UriComponentsBuilder location =
        UriComponentsBuilder.fromUriString(redirectUri).queryParam("code", code);
    if (state != null) {
      location.queryParam("state", state);
    }
    return Answer.redirect(location.encode().build().toUriString());
  }

  private static Answer redirect(
      String redirectUri, String state, String error, String description) {
    UriComponentsBuilder location =
        UriComponentsBuilder.fromUriString(redirectUri)
            .queryParam("error", error)
            .queryParam("error_description", description);
    if ("access_denied".equals(error)) {
      location.queryParam("error_reason", "user_denied");
    }
    if (state != null) {
      location.queryParam("state", state);
    }
    return Answer.redirect(location.encode().build().toUriString());
  }

  /** RFC 7009: a refresh token stops refreshing, an access token stops working; 200 either way. */
  Answer revoke(OAuthPlatform platform, Map<String, String> params, String bearer) {
    String token = params.get("token");
    if (token == null) {
      return Answer.oauthError(400, "invalid_request", "token is required");
    }
    store.removeRefreshToken(platform.platform(), token);
    accounts.expireTokenAt(platform.platform(), token, clock.instant());
    return Answer.ok(platform.platform().equals("twitter") ? Map.of("revoked", true) : Map.of());
  }

  /** {@code POST /api/v1/apps}: {@code client_name}, {@code redirect_uris}, {@code scopes}. */
  Answer registerApp(OAuthPlatform platform, Map<String, String> params, String bearer) {
    String name = params.get("client_name");
    String redirectUris = params.get("redirect_uris");
    if (name == null || name.isBlank()) {
      return Answer.json(
          422, Map.of("error", "Validation failed: Application name can't be blank"));
    }
    if (redirectUris == null || redirectUris.isBlank()) {
      return Answer.json(422, Map.of("error", "Validation failed: Redirect URI can't be blank"));
    }
    List<String> uris =
        Arrays.stream(redirectUris.split("[\\s]+")).filter(u -> !u.isBlank()).toList();
    String scopes = params.getOrDefault("scopes", "read");
    MastodonApp app = store.registerApp(name, uris, scopes);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", app.id());
    body.put("name", app.name());
    body.put("website", params.get("website"));
    body.put("scopes", List.of(scopes.split(" ")));
    body.put("redirect_uri", String.join("\n", uris));
    body.put("redirect_uris", uris);
    body.put("client_id", app.clientId());
    body.put("client_secret", app.clientSecret());
    body.put(
        "vapid_key",
        "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=");
    return Answer.ok(body);
  }
}

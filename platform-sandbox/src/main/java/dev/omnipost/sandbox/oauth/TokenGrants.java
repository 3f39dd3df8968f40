package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.oauth.OAuthStore.ConsentAccount;
import dev.omnipost.sandbox.oauth.OAuthStore.Grant;
import dev.omnipost.sandbox.oauth.OAuthStore.IssuedCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The RFC 6749 token endpoint of the {@code STANDARD} and {@code MASTODON} platforms: codes for
 * tokens (checking the redirect URI, the client and the PKCE verifier), refreshes (rotating the
 * refresh token where the platform does), each answered in the platform's own field set.
 */
@Component
class TokenGrants {

  private final OAuthStore store;
  private final SandboxAccounts accounts;
  private final OAuthSettings settings;
  private final OAuthLifetimes lifetimes;
  private final Clock clock;

  TokenGrants(
      OAuthStore store,
      SandboxAccounts accounts,
      OAuthSettings settings,
      OAuthLifetimes lifetimes,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.settings = settings;
    this.lifetimes = lifetimes;
    this.clock = clock;
  }

  Answer token(OAuthPlatform platform, Map<String, String> params) {
    String grantType = params.get("grant_type");
    if ("authorization_code".equals(grantType)) {
      return exchangeCode(platform, params);
    }
    if ("refresh_token".equals(grantType) && platform.issuesRefreshToken()) {
      return refresh(platform, params);
    }
    return Answer.oauthError(400, "unsupported_grant_type", "grant_type " + grantType);
  }

  private Answer exchangeCode(OAuthPlatform platform, Map<String, String> params) {
    String clientId = clientId(platform, params);
    if (platform.style() == OAuthPlatform.Style.MASTODON) {
      boolean known =
          store
              .app(clientId)
              .filter(app -> app.clientSecret().equals(params.get("client_secret")))
              .isPresent();
      if (!known) {
        return Answer.oauthError(
            401,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication"
                + " included, or unsupported authentication method.");
      }
    }
    IssuedCode code = store.takeCode(params.get("code")).orElse(null);
    if (code == null
        || !code.platform().equals(platform.platform())
        || clock.instant().isAfter(code.expiresAt())) {
      return invalidGrant(platform, "The authorization code is invalid, expired or used.");
    }
    if (clientId != null && !clientId.equals(code.clientId())) {
      return invalidGrant(platform, "The authorization code was issued to another client.");
    }
    if (!code.redirectUri().equals(params.get("redirect_uri"))) {
      return invalidGrant(platform, "redirect_uri does not match the authorization request.");
    }
    if (code.codeChallenge() != null
        && !code.codeChallenge().equals(s256(params.get("code_verifier")))) {
      return invalidGrant(platform, "code_verifier does not match the code_challenge.");
    }
    boolean offline =
        !platform.platform().equals("twitter")
            || (code.scope() != null && code.scope().contains("offline.access"));
    Grant grant =
        new Grant(
            platform.platform(),
            code.clientId(),
            code.scope(),
            code.accounts(),
            expiry(platform.refreshLifetime()));
    return Answer.ok(
        tokenBody(
            platform,
            grant,
            platform.issuesRefreshToken() && offline ? newRefresh(grant) : null,
            true));
  }

  private Answer refresh(OAuthPlatform platform, Map<String, String> params) {
    String refreshToken = params.get("refresh_token");
    Grant grant = store.refreshGrant(platform.platform(), refreshToken).orElse(null);
    if (grant == null
        || (grant.refreshExpiresAt() != null
            && !clock.instant().isBefore(grant.refreshExpiresAt()))) {
      return invalidGrant(platform, "The refresh token is invalid, expired or revoked.");
    }
    String next = refreshToken;
    if (platform.rotatesRefreshToken()) {
      store.removeRefreshToken(platform.platform(), refreshToken);
      next = newRefresh(grant);
    }
    // Google answers a refresh without a refresh_token: the one the client has stays valid
    boolean echo =
        !platform.platform().equals("youtube") && !platform.platform().equals("google_business");
    return Answer.ok(tokenBody(platform, grant, echo ? next : null, false));
  }

  private String newRefresh(Grant grant) {
    String refreshToken = OAuthStore.token("rt_");
    store.putRefreshToken(refreshToken, grant);
    return refreshToken;
  }

  private Map<String, Object> tokenBody(
      OAuthPlatform platform, Grant grant, String refreshToken, boolean first) {
    ConsentAccount account = grant.accounts().get(0);
    Duration lifetime = lifetimes.access(platform);
    String accessToken = issueAccessToken(platform.platform(), account, lifetime);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("token_type", "Bearer");
    if (lifetime != null) {
      body.put("expires_in", lifetime.toSeconds());
    }
    if (refreshToken != null) {
      body.put("refresh_token", refreshToken);
      Duration refreshLifetime = settings.scaled(platform.refreshLifetime());
      if (refreshLifetime != null && !platform.platform().equals("twitter")) {
        String field =
            platform.platform().equals("tiktok")
                ? "refresh_expires_in"
                : "refresh_token_expires_in";
        body.put(field, refreshLifetime.toSeconds());
      }
    }
    body.put("scope", grant.scope() == null ? "" : grant.scope());
    switch (platform.platform()) {
      case "tiktok" -> {
        body.put("open_id", account.accountId());
        body.put("token_type", "Bearer");
      }
      case "mastodon" -> body.put("created_at", clock.instant().getEpochSecond());
      case "pinterest", "twitter" -> body.put("token_type", "bearer");
      default -> {}
    }
    return body;
  }

  /** The new access token is the one the platform's API now accepts for the account. */
  String issueAccessToken(String platform, ConsentAccount account, Duration lifetime) {
    String accessToken =
        account.presetToken() != null ? account.presetToken() : OAuthStore.token("at_");
    accounts.register(
        new SandboxAccount(platform, account.accountId(), account.username(), accessToken));
    if (lifetime != null) {
      accounts.expireTokenAt(platform, accessToken, clock.instant().plus(lifetime));
    }
    return accessToken;
  }

  private Instant expiry(Duration documented) {
    Duration lifetime = settings.scaled(documented);
    return lifetime == null ? null : clock.instant().plus(lifetime);
  }

  static String clientId(OAuthPlatform platform, Map<String, String> params) {
    String clientId = params.get(platform.clientIdParam());
    return clientId != null ? clientId : params.get("client_id");
  }

  private static Answer invalidGrant(OAuthPlatform platform, String description) {
    if (platform.platform().equals("tiktok")) {
      return Answer.json(
          400,
          Map.of(
              "error",
              "invalid_grant",
              "error_description",
              description,
              "log_id",
              OAuthStore.token("")));
    }
    return Answer.oauthError(400, "invalid_grant", description);
  }

  static String s256(String verifier) {
    if (verifier == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Per-platform access-token lifetimes a test set through the control API, else the settings'. */
  @Component
  static class OAuthLifetimes
      implements dev.omnipost.sandbox.control.Resettable,
          dev.omnipost.sandbox.state.PersistentState {

    @Override
    public String stateName() {
      return "oauth-lifetimes";
    }

    private final OAuthSettings settings;
    private final Map<String, Duration> overrides = new ConcurrentHashMap<>();

    OAuthLifetimes(OAuthSettings settings) {
      this.settings = settings;
    }

    Duration access(OAuthPlatform platform) {
      Duration override = overrides.get(platform.platform());
      return override != null ? override : settings.scaled(platform.accessLifetime());
    }

    void set(String platform, Duration lifetime) {
      overrides.put(platform, lifetime);
    }

    @Override
    public void reset() {
      overrides.clear();
    }
  }
}

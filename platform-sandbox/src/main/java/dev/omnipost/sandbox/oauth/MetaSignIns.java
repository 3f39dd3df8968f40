package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.oauth.OAuthStore.ConsentAccount;
import dev.omnipost.sandbox.oauth.OAuthStore.Grant;
import dev.omnipost.sandbox.oauth.OAuthStore.IssuedCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Meta's sign-ins. Graph (Facebook, Instagram through Facebook Login): a code for a short-lived
 * user token, {@code fb_exchange_token} for a 60-day one, {@code /me/accounts} for the Pages (with
 * their Instagram business accounts) and Page tokens that do not expire. Threads: a code for a
 * 1-hour token, {@code th_exchange_token} for 60 days, {@code th_refresh_token} for another 60.
 */
@Component
class MetaSignIns
    implements dev.omnipost.sandbox.control.Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "meta-sign-ins";
  }

  private final OAuthStore store;
  private final SandboxAccounts accounts;
  private final TokenGrants grants;
  private final TokenGrants.OAuthLifetimes lifetimes;
  private final OAuthSettings settings;
  private final Clock clock;
  private final Map<String, String> pageTokens = new ConcurrentHashMap<>();

  MetaSignIns(
      OAuthStore store,
      SandboxAccounts accounts,
      TokenGrants grants,
      TokenGrants.OAuthLifetimes lifetimes,
      OAuthSettings settings,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.grants = grants;
    this.lifetimes = lifetimes;
    this.settings = settings;
    this.clock = clock;
  }

  /** {@code GET /vNN.0/oauth/access_token}: a code, or {@code grant_type=fb_exchange_token}. */
  Answer graphToken(OAuthPlatform platform, Map<String, String> params) {
    if ("fb_exchange_token".equals(params.get("grant_type"))) {
      Grant login =
          store.graphLogin(platform.platform(), params.get("fb_exchange_token")).orElse(null);
      if (login == null) {
        return Answer.graphError(
            190, null, "Invalid OAuth access token - Cannot parse access token");
      }
      return graphUserToken(platform, login, lifetimes.access(platform));
    }
    IssuedCode code = takeCode(platform, params);
    if (code == null) {
      return Answer.graphError(100, 36009, "This authorization code has been used.");
    }
    if (!code.redirectUri().equals(params.get("redirect_uri"))) {
      return Answer.graphError(
          100,
          36008,
          "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request");
    }
    Grant login =
        new Grant(platform.platform(), code.clientId(), code.scope(), code.accounts(), null);
    return graphUserToken(platform, login, settings.scaled(OAuthPlatforms.SHORT_LIVED));
  }

  private Answer graphUserToken(OAuthPlatform platform, Grant login, Duration lifetime) {
    String userToken = OAuthStore.token("EAA");
    store.putGraphLogin(userToken, login);
    return Answer.ok(
        Map.of(
            "access_token", userToken, "token_type", "bearer", "expires_in", lifetime.toSeconds()));
  }

  /** {@code GET /me/accounts}: the Pages behind the login, each with its Page token. */
  Answer pages(OAuthPlatform platform, String userToken) {
    Grant login = store.graphLogin(platform.platform(), userToken).orElse(null);
    if (login == null) {
      return Answer.graphError(
          190, 460, "Error validating access token: The session has been invalidated.");
    }
    List<Map<String, Object>> data = new ArrayList<>();
    for (ConsentAccount account : login.accounts()) {
      String pageToken =
          pageTokens.computeIfAbsent(
              platform.platform() + "/" + account.accountId(),
              k ->
                  account.presetToken() != null ? account.presetToken() : OAuthStore.token("EAAP"));
      accounts.register(
          new SandboxAccount(
              platform.platform(), account.accountId(), account.username(), pageToken));
      Map<String, Object> page = new LinkedHashMap<>();
      if (platform.platform().equals("instagram")) {
        page.put("id", "9" + account.accountId());
        page.put("name", account.name());
        page.put("access_token", pageToken);
        page.put(
            "instagram_business_account",
            Map.of("id", account.accountId(), "username", account.username()));
      } else {
        page.put("id", account.accountId());
        page.put("name", account.name());
        page.put("access_token", pageToken);
        page.put("category", "Brand");
        page.put("tasks", List.of("ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MODERATE", "MANAGE"));
      }
      data.add(page);
    }
    return Answer.ok(
        Map.of(
            "data", data, "paging", Map.of("cursors", Map.of("before", "QVFI", "after", "QVFI"))));
  }

  /** {@code GET /me}: the signed-in user. */
  Answer me(OAuthPlatform platform, String userToken) {
    Grant login = store.graphLogin(platform.platform(), userToken).orElse(null);
    if (login == null) {
      return Answer.graphError(190, null, "Invalid OAuth access token - Cannot parse access token");
    }
    ConsentAccount first = login.accounts().get(0);
    return Answer.ok(Map.of("id", "7" + first.accountId(), "name", first.name()));
  }

  /** {@code POST /oauth/access_token} on Threads: a code for a 1-hour token and the user id. */
  Answer threadsToken(OAuthPlatform platform, Map<String, String> params) {
    IssuedCode code = takeCode(platform, params);
    if (code == null) {
      return Answer.graphError(100, 36009, "This authorization code has been used.");
    }
    if (!code.redirectUri().equals(params.get("redirect_uri"))) {
      return Answer.graphError(
          100, 36008, "Error validating verification code: redirect_uri does not match");
    }
    ConsentAccount account = code.accounts().get(0);
    String token =
        grants.issueAccessToken(
            platform.platform(), account, settings.scaled(OAuthPlatforms.SHORT_LIVED));
    return Answer.ok(Map.of("access_token", token, "user_id", account.accountId()));
  }

  /** {@code th_exchange_token} and {@code th_refresh_token}: the token given for a 60-day one. */
  Answer threadsLongLived(OAuthPlatform platform, Map<String, String> params, String grantType) {
    if (!grantType.equals(params.get("grant_type"))) {
      return Answer.graphError(100, null, "grant_type must be " + grantType);
    }
    SandboxAccount account =
        accounts.findByToken(platform.platform(), params.get("access_token")).orElse(null);
    if (account == null
        || store.revoked(
            platform.platform(),
            new ConsentAccount(account.accountId(), account.username(), null))) {
      return Answer.graphError(
          190,
          null,
          "Error validating access token: Session has expired or the user has revoked access.");
    }
    Duration lifetime = lifetimes.access(platform);
    String token =
        grants.issueAccessToken(
            platform.platform(),
            new ConsentAccount(account.accountId(), account.username(), account.username()),
            lifetime);
    return Answer.ok(
        Map.of("access_token", token, "token_type", "bearer", "expires_in", lifetime.toSeconds()));
  }

  private IssuedCode takeCode(OAuthPlatform platform, Map<String, String> params) {
    IssuedCode code = store.takeCode(params.get("code")).orElse(null);
    if (code == null
        || !code.platform().equals(platform.platform())
        || clock.instant().isAfter(code.expiresAt())) {
      return null;
    }
    return code;
  }

  @Override
  public void reset() {
    pageTokens.clear();
  }
}

package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.Resettable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The sandbox's sign-in state: what the next consent answers, codes handed out, refresh tokens,
 * Graph user logins, Mastodon apps and Bluesky app passwords.
 */
@Component
class OAuthStore implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "oauth";
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The user's answer on the consent page, and the accounts they sign in with. */
  record Consent(boolean approve, List<ConsentAccount> accounts) implements java.io.Serializable {}

  /**
   * An account behind a sign-in: a user (most platforms), or a Facebook Page or Instagram business
   * account a Graph login lists. {@code presetToken}: the access token to issue (the local stack
   * keeps its demo accounts' tokens across restarts of the in-memory sandbox); null: a new one.
   */
  record ConsentAccount(String accountId, String username, String name, String presetToken)
      implements java.io.Serializable {

    ConsentAccount(String accountId, String username, String name) {
      this(accountId, username, name, null);
    }
  }

  /** An authorization code, single-use. */
  record IssuedCode(
      String platform,
      String clientId,
      String redirectUri,
      String codeChallenge,
      String scope,
      List<ConsentAccount> accounts,
      Instant expiresAt)
      implements java.io.Serializable {}

  /** What a refresh token (or a Graph user token) stands for. */
  record Grant(
      String platform,
      String clientId,
      String scope,
      List<ConsentAccount> accounts,
      Instant refreshExpiresAt)
      implements java.io.Serializable {}

  /** A Mastodon app, registered on the instance through {@code POST /api/v1/apps}. */
  record MastodonApp(
      String id,
      String name,
      String clientId,
      String clientSecret,
      List<String> redirectUris,
      String scopes)
      implements java.io.Serializable {}

  private final Map<String, Consent> consents = new ConcurrentHashMap<>();
  private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Grant> graphLogins = new ConcurrentHashMap<>();
  private final Map<String, MastodonApp> mastodonApps = new ConcurrentHashMap<>();
  private final Set<String> revokedAccounts = ConcurrentHashMap.newKeySet();
  private final AtomicInteger appIds = new AtomicInteger();

  static String token(String prefix) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The consent for this {@code state} if a test set one, else the platform's standing one. */
  Optional<Consent> consentFor(String platform, String state) {
    Consent forState = state == null ? null : consents.remove(platform + "/state/" + state);
    return Optional.ofNullable(forState != null ? forState : consents.get(platform + "/*"));
  }

  void setConsent(String platform, String state, Consent consent) {
    consents.put(platform + (state == null ? "/*" : "/state/" + state), consent);
  }

  String issueCode(IssuedCode code) {
    String value = token("code_");
    codes.put(value, code);
    return value;
  }

  /** The code, taken: a second exchange of the same code finds nothing. */
  Optional<IssuedCode> takeCode(String code) {
    return Optional.ofNullable(code == null ? null : codes.remove(code));
  }

  void putRefreshToken(String refreshToken, Grant grant) {
    refreshTokens.put(grant.platform() + "/" + refreshToken, grant);
  }

  Optional<Grant> refreshGrant(String platform, String refreshToken) {
    return Optional.ofNullable(
            refreshToken == null ? null : refreshTokens.get(platform + "/" + refreshToken))
        .filter(grant -> grant.accounts().stream().noneMatch(a -> revoked(platform, a)));
  }

  void removeRefreshToken(String platform, String refreshToken) {
    refreshTokens.remove(platform + "/" + refreshToken);
  }

  void putGraphLogin(String userToken, Grant grant) {
    graphLogins.put(grant.platform() + "/" + userToken, grant);
  }

  Optional<Grant> graphLogin(String platform, String userToken) {
    return Optional.ofNullable(
        userToken == null ? null : graphLogins.get(platform + "/" + userToken));
  }

  /** From now on the account's refresh tokens are refused ({@code invalid_grant}). */
  void revoke(String platform, String accountId) {
    revokedAccounts.add(platform + "/" + accountId);
  }

  boolean revoked(String platform, ConsentAccount account) {
    return revokedAccounts.contains(platform + "/" + account.accountId());
  }

  MastodonApp registerApp(String name, List<String> redirectUris, String scopes) {
    String id = String.valueOf(appIds.incrementAndGet());
    MastodonApp app =
        new MastodonApp(id, name, token("mcid_"), token("mcs_"), List.copyOf(redirectUris), scopes);
    mastodonApps.put(app.clientId(), app);
    return app;
  }

  Optional<MastodonApp> app(String clientId) {
    return Optional.ofNullable(clientId == null ? null : mastodonApps.get(clientId));
  }

  List<MastodonApp> apps() {
    return List.copyOf(mastodonApps.values());
  }

  @Override
  public void reset() {
    consents.clear();
    codes.clear();
    refreshTokens.clear();
    graphLogins.clear();
    mastodonApps.clear();
    revokedAccounts.clear();
  }
}

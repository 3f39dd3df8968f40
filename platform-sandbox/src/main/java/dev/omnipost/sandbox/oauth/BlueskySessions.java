package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.oauth.OAuthStore.AppPassword;
import dev.omnipost.sandbox.oauth.OAuthStore.ConsentAccount;
import dev.omnipost.sandbox.oauth.OAuthStore.Grant;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Bluesky's app-password sessions: {@code createSession} ({@code identifier} is the handle or DID)
 * gives an {@code accessJwt} (2 hours) and a {@code refreshJwt} (90 days); {@code refreshSession}
 * with the refresh JWT as bearer rotates both; {@code deleteSession} ends the session. The JWTs
 * carry {@code exp} as real ones do, so a client can read the expiry.
 */
@Component
class BlueskySessions {

  private static final String PLATFORM = "bluesky";

  private final OAuthStore store;
  private final SandboxAccounts accounts;
  private final TokenGrants.OAuthLifetimes lifetimes;
  private final OAuthSettings settings;
  private final Clock clock;

  BlueskySessions(
      OAuthStore store,
      SandboxAccounts accounts,
      TokenGrants.OAuthLifetimes lifetimes,
      OAuthSettings settings,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.lifetimes = lifetimes;
    this.settings = settings;
    this.clock = clock;
  }

  Answer createSession(OAuthPlatform platform, Map<String, String> body) {
    AppPassword password =
        store
            .appPassword(body.get("identifier"))
            .filter(p -> p.password().equals(body.get("password")))
            .orElse(null);
    if (password == null) {
      return Answer.xrpcError(401, "AuthenticationRequired", "Invalid identifier or password");
    }
    ConsentAccount account =
        new ConsentAccount(password.did(), password.handle(), password.handle());
    Map<String, Object> session = session(platform, account);
    session.put("email", password.handle() + "@example.com");
    session.put("emailConfirmed", true);
    return Answer.ok(session);
  }

  Answer refreshSession(OAuthPlatform platform, String refreshJwt) {
    Grant grant = store.refreshGrant(PLATFORM, refreshJwt).orElse(null);
    if (grant == null
        || (grant.refreshExpiresAt() != null
            && !clock.instant().isBefore(grant.refreshExpiresAt()))) {
      return Answer.xrpcError(400, "ExpiredToken", "Token has been revoked");
    }
    store.removeRefreshToken(PLATFORM, refreshJwt);
    return Answer.ok(session(platform, grant.accounts().get(0)));
  }

  Answer deleteSession(String refreshJwt) {
    if (store.refreshGrant(PLATFORM, refreshJwt).isEmpty()) {
      return Answer.xrpcError(400, "ExpiredToken", "Token has been revoked");
    }
    store.removeRefreshToken(PLATFORM, refreshJwt);
    return Answer.ok(Map.of());
  }

  private Map<String, Object> session(OAuthPlatform platform, ConsentAccount account) {
    Instant now = clock.instant();
    Duration accessLifetime = lifetimes.access(platform);
    Duration refreshLifetime = settings.scaled(platform.refreshLifetime());
    String accessJwt =
        jwt("com.atproto.appPass", account.accountId(), now, now.plus(accessLifetime));
    accounts.register(
        new dev.omnipost.sandbox.control.SandboxAccount(
            PLATFORM, account.accountId(), account.username(), accessJwt));
    accounts.expireTokenAt(PLATFORM, accessJwt, now.plus(accessLifetime));
    Instant refreshExpires = now.plus(refreshLifetime);
    String refreshJwt = jwt("com.atproto.refresh", account.accountId(), now, refreshExpires);
    store.putRefreshToken(
        refreshJwt, new Grant(PLATFORM, null, null, List.of(account), refreshExpires));
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("did", account.accountId());
    session.put("handle", account.username());
    session.put("accessJwt", accessJwt);
    session.put("refreshJwt", refreshJwt);
    session.put("active", true);
    return session;
  }

  private static String jwt(String scope, String did, Instant issuedAt, Instant expiresAt) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        base64.encodeToString(
            "{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        String.format(
            "{\"scope\":\"%s\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}",
            scope,
            did,
            issuedAt.getEpochSecond(),
            expiresAt.getEpochSecond(),
            OAuthStore.token(""));
    return header
        + "."
        + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + OAuthStore.token("");
  }
}

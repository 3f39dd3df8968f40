package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.oauth.OAuthStore.Consent;
import dev.omnipost.sandbox.oauth.OAuthStore.ConsentAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The control API of the sign-ins: what the next consent answers and who signs in, refusing an
 * account's refreshes from now on, shorter token lifetimes, Bluesky app passwords and the Mastodon
 * apps registered.
 */
@RestController
class OAuthControlController {

  private final OAuthStore store;
  private final SandboxAccounts accounts;
  private final TokenGrants.OAuthLifetimes lifetimes;
  private final Clock clock;

  OAuthControlController(
      OAuthStore store,
      SandboxAccounts accounts,
      TokenGrants.OAuthLifetimes lifetimes,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.lifetimes = lifetimes;
    this.clock = clock;
  }

  record ConsentAccountRequest(
      String accountId, String username, String name, String accessToken) {}

  /**
   * @param state only the authorization request with this state (else every later one)
   * @param decision {@code approve} or {@code refuse}
   * @param accounts who signs in (Graph: the Pages or Instagram accounts behind the login)
   */
  record ConsentRequest(
      String platform, String state, String decision, List<ConsentAccountRequest> accounts) {}

  @PostMapping("/_sandbox/oauth/consent")
  Map<String, Object> consent(@RequestBody ConsentRequest request) {
    OAuthPlatform platform = platform(request.platform());
    if (!"approve".equals(request.decision()) && !"refuse".equals(request.decision())) {
      throw new IllegalArgumentException("decision must be one of [approve, refuse]");
    }
    List<ConsentAccount> signedIn =
        request.accounts() == null || request.accounts().isEmpty()
            ? List.of(Consents.defaultAccount(platform.platform()))
            : request.accounts().stream()
                .map(
                    a -> {
                      if (a.accountId() == null || a.username() == null) {
                        throw new IllegalArgumentException(
                            "each account needs account_id and username");
                      }
                      return new ConsentAccount(
                          a.accountId(),
                          a.username(),
                          a.name() == null ? a.username() : a.name(),
                          a.accessToken());
                    })
                .toList();
    store.setConsent(
        platform.platform(),
        request.state(),
        new Consent("approve".equals(request.decision()), signedIn));
    return Map.of(
        "platform",
        platform.platform(),
        "decision",
        request.decision(),
        "accounts",
        signedIn.size());
  }

  record RevocationRequest(String platform, String accountId) {}

  /** The user revokes the app: its access token stops working, its refreshes get invalid_grant. */
  @PostMapping("/_sandbox/oauth/revocations")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@RequestBody RevocationRequest request) {
    OAuthPlatform platform = platform(request.platform());
    if (request.accountId() == null) {
      throw new IllegalArgumentException("account_id is required");
    }
    store.revoke(platform.platform(), request.accountId());
    accounts
        .find(platform.platform(), request.accountId())
        .ifPresent(
            a -> accounts.expireTokenAt(platform.platform(), a.accessToken(), clock.instant()));
  }

  record LifetimeRequest(String platform, Long accessTokenSecs) {}

  /** Tokens issued from now on live this long (answered as {@code expires_in}). */
  @PutMapping("/_sandbox/oauth/lifetimes")
  Map<String, Object> lifetime(@RequestBody LifetimeRequest request) {
    OAuthPlatform platform = platform(request.platform());
    if (request.accessTokenSecs() == null || request.accessTokenSecs() < 1) {
      throw new IllegalArgumentException("access_token_secs must be at least 1");
    }
    lifetimes.set(platform.platform(), Duration.ofSeconds(request.accessTokenSecs()));
    return Map.of("platform", platform.platform(), "access_token_secs", request.accessTokenSecs());
  }

  record AppPasswordRequest(String handle, String did, String appPassword) {}

  @PostMapping("/_sandbox/bluesky/app-passwords")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> appPassword(@RequestBody AppPasswordRequest request) {
    if (request.handle() == null || request.appPassword() == null) {
      throw new IllegalArgumentException("handle and app_password are required");
    }
    String did =
        request.did() != null
            ? request.did()
            : "did:plc:" + request.handle().replaceAll("[^a-z0-9]", "");
    // the PDS simulator signs in with the account's token: for Bluesky, its app password
    accounts.register(new SandboxAccount("bluesky", did, request.handle(), request.appPassword()));
    return Map.of("handle", request.handle(), "did", did);
  }

  /** The apps registered on the simulated Mastodon instance, to prove a client registers once. */
  @GetMapping("/_sandbox/mastodon/apps")
  List<Map<String, Object>> apps() {
    return store.apps().stream()
        .map(
            app ->
                Map.<String, Object>of(
                    "id",
                    app.id(),
                    "name",
                    app.name(),
                    "client_id",
                    app.clientId(),
                    "redirect_uris",
                    app.redirectUris()))
        .toList();
  }

  private static OAuthPlatform platform(String id) {
    return OAuthPlatforms.byId(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "platform must be one of "
                        + OAuthPlatforms.ALL.stream().map(OAuthPlatform::platform).toList()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> badInput(IllegalArgumentException failure) {
    return ResponseEntity.badRequest().body(Map.of("error", failure.getMessage()));
  }
}

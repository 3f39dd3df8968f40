package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthProviders;
import dev.omnipost.connectors.oauth.OAuthRefusedException;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.connectors.oauth.OAuthUnavailableException;
import dev.omnipost.connectors.oauth.SignedInAccount;
import dev.omnipost.connectors.oauth.TokenSet;
import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.accounts.AccountView;
import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts a connect flow: checks the platform, brand and redirect URI, keeps a single-use state and
 * the PKCE verifier server-side, and answers the platform's consent URL. Bluesky, which has no
 * consent page, connects at once from an app password.
 */
@Component
class ConnectFlows {

  /** What {@code POST /v1/accounts/connect} answers for a consent flow. */
  record ConnectStarted(String authorizeUrl, String state, Instant expiresAt) {}

  private final ConnectStates states;
  private final RedirectUris redirectUris;
  private final BrandAssignment brands;
  private final MastodonApps mastodonApps;
  private final ConnectedAccounts accounts;
  private final OAuthClient oauth;
  private final OAuthSettings settings;
  private final EgressGuard egress;
  private final Clock clock;

  ConnectFlows(
      ConnectStates states,
      RedirectUris redirectUris,
      BrandAssignment brands,
      MastodonApps mastodonApps,
      ConnectedAccounts accounts,
      OAuthClient oauth,
      OAuthSettings settings,
      EgressProperties egress,
      ObjectProvider<HostResolver> resolver,
      ObjectProvider<Clock> clock) {
    this.states = states;
    this.redirectUris = redirectUris;
    this.brands = brands;
    this.mastodonApps = mastodonApps;
    this.accounts = accounts;
    this.oauth = oauth;
    this.settings = settings;
    // the one SSRF guard, with the operator's extra networks for Mastodon instances only
    this.egress =
        egress.guard(
            settings.instanceNetworks(), resolver.getIfAvailable(() -> HostResolver.SYSTEM));
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** The request body of {@code POST /v1/accounts/connect}. */
  record ConnectRequest(
      String platform,
      String brandId,
      String redirectUri,
      String instanceUrl,
      String identifier,
      String appPassword) {}

  Mono<ConnectStarted> start(
      Caller caller, Platform platform, ConnectRequest request, String origin) {
    return brands
        .brandFor(caller, request.brandId())
        .flatMap(
            brand ->
                redirectUris
                    .requireAllowed(caller.workspaceId(), request.redirectUri())
                    .flatMap(
                        redirect -> begin(caller, platform, request, brand, redirect, origin)));
  }

  private Mono<ConnectStarted> begin(
      Caller caller,
      Platform platform,
      ConnectRequest request,
      Optional<String> brand,
      URI redirect,
      String origin) {
    String base = settings.callbackBaseUrl().isBlank() ? origin : settings.callbackBaseUrl();
    String callback = base.replaceAll("/+$", "") + "/v1/oauth/callback/" + platform.id();
    String state = Ids.randomBase62(43);
    String verifier = Ids.randomBase62(64);
    Instant expiresAt = clock.instant().plus(settings.stateLifetime());
    Mono<String> instance =
        platform == Platform.MASTODON ? vetInstance(request.instanceUrl()) : Mono.just("");
    return instance.flatMap(
        instanceUrl -> {
          Mono<String> clientId =
              platform == Platform.MASTODON
                  ? mastodonApps
                      .forInstance(instanceUrl, callback)
                      .map(app -> app.clientId())
                      .onErrorMap(
                          OAuthRefusedException.class, e -> unreachableInstance(instanceUrl, e))
                      .onErrorMap(
                          OAuthUnavailableException.class, e -> unreachableInstance(instanceUrl, e))
                  : Mono.just(settings.client(platform).clientId());
          return clientId.flatMap(
              client -> {
                String url =
                    oauth.authorizeUrl(
                        platform,
                        instanceUrl.isEmpty() ? null : instanceUrl,
                        client,
                        callback,
                        state,
                        challenge(verifier));
                return states
                    .start(
                        state,
                        caller.workspaceId(),
                        brand.orElse(null),
                        platform.id(),
                        redirect.toString(),
                        callback,
                        instanceUrl.isEmpty() ? null : instanceUrl,
                        verifier,
                        expiresAt)
                    .thenReturn(new ConnectStarted(url, state, expiresAt));
              });
        });
  }

  /** Bluesky: a session from the handle and app password, stored as the account. */
  Mono<AccountView> connectWithAppPassword(Caller caller, ConnectRequest request) {
    require(request.identifier(), "identifier");
    require(request.appPassword(), "app_password");
    String pds =
        settings.host(Platform.BLUESKY) != null
            ? settings.host(Platform.BLUESKY)
            : OAuthProviders.of(Platform.BLUESKY).token().host();
    return brands
        .brandFor(caller, request.brandId())
        .flatMap(
            brand ->
                Mono.fromCallable(
                        () -> oauth.createSession(pds, request.identifier(), request.appPassword()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorMap(
                        OAuthRefusedException.class,
                        e ->
                            new ApiException(
                                HttpStatus.BAD_REQUEST,
                                "oauth.sign_in_refused",
                                "Bluesky refused the identifier or app password: "
                                    + e.getMessage()))
                    .onErrorMap(OAuthUnavailableException.class, ConnectFlows::unavailable)
                    // the connector opens its own sessions with the app password (ADR 17): that
                    // is the account's credential, kept encrypted; it does not expire
                    .map(
                        session ->
                            new SignedInAccount(
                                session.platformAccountId(),
                                session.handle(),
                                session.name(),
                                new TokenSet(request.appPassword(), null, null, null)))
                    .flatMap(
                        account ->
                            accounts.save(
                                caller.workspaceId(),
                                brand.orElse(null),
                                Platform.BLUESKY.id(),
                                account,
                                Map.of("pds_url", pds))));
  }

  private Mono<String> vetInstance(String instanceUrl) {
    URI uri = RedirectUris.parse(instanceUrl, "instance_url");
    String normalized = uri.toString().replaceAll("/+$", "");
    return Mono.fromCallable(
            () -> {
              egress.vet(uri);
              return normalized;
            })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            EgressBlockedException.class,
            e ->
                ApiException.invalid(
                    "oauth.instance_not_allowed",
                    "instance_url cannot be reached from here: " + e.getMessage(),
                    Map.of("field", "instance_url", "instance_url", instanceUrl)));
  }

  private static ApiException unreachableInstance(String instanceUrl, Throwable cause) {
    return new ApiException(
        HttpStatus.BAD_GATEWAY,
        "oauth.instance_unavailable",
        "Could not register Omnipost on " + instanceUrl + ": " + cause.getMessage(),
        Map.of("instance_url", instanceUrl));
  }

  static ApiException unavailable(Throwable cause) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "oauth.platform_unavailable", cause.getMessage());
  }

  static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", field + " is required", Map.of("field", field));
    }
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}

package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.oauth.MastodonApp;
import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthProvider;
import dev.omnipost.connectors.oauth.OAuthProviders;
import dev.omnipost.connectors.oauth.OAuthRefusedException;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.connectors.oauth.OAuthUnavailableException;
import dev.omnipost.connectors.oauth.SignedInAccount;
import dev.omnipost.connectors.oauth.TokenSet;
import dev.omnipost.gateway.accounts.AccountView;
import dev.omnipost.gateway.oauth.ConnectStates.Flow;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finishes a connect flow when the platform sends the user back: the state is claimed once, must be
 * fresh and of this platform; the code is exchanged with the verifier kept at the start; the
 * account is stored, or (Facebook, Instagram) the Pages and business accounts behind the login wait
 * for the client to choose. Every outcome sends the user back to the client's redirect URI, with
 * {@code account_id} or {@code error}.
 */
@Component
class ConnectCallbacks {

  /**
   * An account a Facebook login offers, or (Pinterest, Google Business) a board or location of the
   * signed-in account, kept (encrypted) until the client chooses. {@code kind} is null for an
   * account; {@code optionId}/{@code optionName} name the board or location.
   */
  record Choice(
      String platformAccountId,
      String handle,
      String name,
      String accessToken,
      String refreshToken,
      Instant expiresAt,
      Instant refreshExpiresAt,
      String kind,
      String optionId,
      String optionName) {

    Choice(String platformAccountId, String handle, String name, String accessToken) {
      this(platformAccountId, handle, name, accessToken, null, null, null, null, null, null);
    }

    String viewId() {
      return kind == null ? platformAccountId : optionId;
    }
  }

  /**
   * What the client sees of a {@link Choice}: never the token. {@code kind}: {@code account} (a
   * Page or business account to connect), {@code board} (the Pinterest account's default board),
   * {@code location} (the Google Business Profile location to post to).
   */
  record ChoiceView(String id, String handle, String name, String kind) {}

  static final String BOARD = "board";
  static final String LOCATION = "location";

  private static final TypeReference<List<Choice>> CHOICES = new TypeReference<>() {};

  private final ConnectStates states;
  private final ConnectedAccounts accounts;
  private final MastodonApps mastodonApps;
  private final OAuthClient oauth;
  private final OAuthSettings settings;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  ConnectCallbacks(
      ConnectStates states,
      ConnectedAccounts accounts,
      MastodonApps mastodonApps,
      OAuthClient oauth,
      OAuthSettings settings,
      ObjectProvider<Clock> clock) {
    this.states = states;
    this.accounts = accounts;
    this.mastodonApps = mastodonApps;
    this.oauth = oauth;
    this.settings = settings;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** Where to send the user: the client's redirect URI with the outcome. */
  Mono<URI> complete(String platformId, String state, String code, String error) {
    if (state == null || state.isBlank()) {
      return Mono.error(invalidState());
    }
    return states
        .find(state)
        .switchIfEmpty(Mono.error(ConnectCallbacks::invalidState))
        .flatMap(
            found ->
                states
                    .claim(state)
                    .flatMap(flow -> finish(flow, platformId, state, code, error))
                    .switchIfEmpty(
                        Mono.fromSupplier(
                            () ->
                                failure(
                                    found,
                                    state,
                                    "state_already_used",
                                    "This connect flow was already completed; start a new one"))));
  }

  private Mono<URI> finish(Flow flow, String platformId, String state, String code, String error) {
    if (!flow.platform().equals(platformId)) {
      return Mono.just(
          failure(
              flow,
              state,
              "platform_mismatch",
              "The state belongs to a " + flow.platform() + " connect"));
    }
    if (clock.instant().isAfter(flow.expiresAt())) {
      return Mono.just(
          failure(flow, state, "state_expired", "The connect flow expired; start a new one"));
    }
    if (error != null) {
      return Mono.just(failure(flow, state, error, "The platform answered " + error));
    }
    if (code == null || code.isBlank()) {
      return Mono.just(failure(flow, state, "invalid_request", "The platform sent no code"));
    }
    Platform platform = Platform.fromId(flow.platform()).orElseThrow();
    return credentials(platform, flow)
        .flatMap(
            app ->
                Mono.fromCallable(
                        () ->
                            oauth.completeSignIn(
                                platform,
                                flow.instanceUrl(),
                                app.clientId(),
                                app.clientSecret(),
                                code,
                                flow.callbackUri(),
                                flow.verifier()))
                    .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(signedIn -> store(flow, platform, state, signedIn))
        .onErrorResume(
            OAuthRefusedException.class,
            e -> Mono.just(failure(flow, state, "sign_in_refused", e.getMessage())))
        .onErrorResume(
            OAuthUnavailableException.class,
            e -> Mono.just(failure(flow, state, "platform_unavailable", e.getMessage())));
  }

  private Mono<URI> store(
      Flow flow, Platform platform, String state, List<SignedInAccount> signedIn) {
    if (signedIn.isEmpty()) {
      return Mono.just(
          failure(
              flow,
              state,
              "no_accounts",
              "The login gives access to no " + platform.id() + " account"));
    }
    if (OAuthProviders.of(platform).style() == OAuthProvider.Style.GRAPH) {
      List<Choice> choices =
          signedIn.stream()
              .map(
                  a ->
                      new Choice(
                          a.platformAccountId(), a.handle(), a.name(), a.tokens().accessToken()))
              .toList();
      return states
          .offer(
              flow,
              json.writeValueAsString(choices),
              clock.instant().plus(settings.stateLifetime()))
          .thenReturn(
              redirect(flow, state).queryParam("choose", "required").build().encode().toUri());
    }
    if (platform == Platform.PINTEREST || platform == Platform.GOOGLE_BUSINESS) {
      return offerOptions(flow, platform, state, signedIn.get(0));
    }
    return saved(flow, platform, state, signedIn.get(0));
  }

  private Mono<URI> saved(Flow flow, Platform platform, String state, SignedInAccount signedIn) {
    return accounts
        .save(flow.workspaceId(), flow.brandId(), platform.id(), signedIn, settingsFor(flow))
        .map(
            account ->
                redirect(flow, state)
                    .queryParam("account_id", account.id())
                    .build()
                    .encode()
                    .toUri());
  }

  /**
   * Pinterest: the default board; Google Business: the location. A Pinterest user without boards
   * connects without a default (each post then names its board); a Business Profile without
   * locations cannot post, so it does not connect.
   */
  private Mono<URI> offerOptions(
      Flow flow, Platform platform, String state, SignedInAccount account) {
    String kind = platform == Platform.PINTEREST ? BOARD : LOCATION;
    return Mono.fromCallable(() -> oauth.connectOptions(platform, account))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            options -> {
              if (options.isEmpty()) {
                return platform == Platform.PINTEREST
                    ? saved(flow, platform, state, account)
                    : Mono.just(
                        failure(
                            flow,
                            state,
                            "no_locations",
                            "The Business Profile account has no location to post to"));
              }
              TokenSet tokens = account.tokens();
              List<Choice> choices =
                  options.stream()
                      .map(
                          o ->
                              new Choice(
                                  account.platformAccountId(),
                                  account.handle(),
                                  account.name(),
                                  tokens.accessToken(),
                                  tokens.refreshToken(),
                                  tokens.expiresAt(),
                                  tokens.refreshExpiresAt(),
                                  kind,
                                  o.id(),
                                  o.name()))
                      .toList();
              return states
                  .offer(
                      flow,
                      json.writeValueAsString(choices),
                      clock.instant().plus(settings.stateLifetime()))
                  .thenReturn(
                      redirect(flow, state)
                          .queryParam("choose", "required")
                          .build()
                          .encode()
                          .toUri());
            });
  }

  /** The accounts a Facebook login offers, for the workspace that started the flow only. */
  Mono<List<ChoiceView>> choices(Caller caller, String state) {
    return awaiting(caller, state)
        .map(
            flow ->
                parse(flow).stream()
                    .map(
                        c ->
                            c.kind() == null
                                ? new ChoiceView(
                                    c.platformAccountId(), c.handle(), c.name(), "account")
                                : new ChoiceView(
                                    c.optionId(), c.handle(), c.optionName(), c.kind()))
                    .toList());
  }

  /** Connects the chosen accounts; the choice is made once. */
  Mono<List<AccountView>> choose(Caller caller, String state, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return Mono.error(
          ApiException.invalid(
              "request.missing_field", "account_ids is required", Map.of("field", "account_ids")));
    }
    return awaiting(caller, state)
        .flatMap(
            flow -> {
              List<Choice> offered = parse(flow);
              List<Choice> chosen = new ArrayList<>();
              for (String id : ids) {
                Choice choice =
                    offered.stream().filter(c -> c.viewId().equals(id)).findFirst().orElse(null);
                if (choice == null) {
                  return Mono.error(
                      ApiException.invalid(
                          "request.invalid_field",
                          "account_ids: " + id + " is not offered by this login",
                          Map.of(
                              "field",
                              "account_ids",
                              "valid_values",
                              offered.stream().map(Choice::viewId).toList())));
                }
                chosen.add(choice);
              }
              if (offered.get(0).kind() != null && chosen.size() != 1) {
                return Mono.error(
                    ApiException.invalid(
                        "request.invalid_field",
                        "Choose exactly one " + offered.get(0).kind(),
                        Map.of("field", offered.get(0).kind() + "_id")));
              }
              return states
                  .choose(caller.workspaceId(), state)
                  .switchIfEmpty(
                      Mono.error(
                          () ->
                              ApiException.conflict(
                                  "oauth.already_chosen",
                                  "The accounts of this login were already chosen")))
                  .flatMapMany(
                      claimed ->
                          Flux.fromIterable(chosen)
                              .concatMap(
                                  c ->
                                      accounts.save(
                                          claimed.workspaceId(),
                                          claimed.brandId(),
                                          claimed.platform(),
                                          new SignedInAccount(
                                              c.platformAccountId(),
                                              c.handle(),
                                              c.name(),
                                              new TokenSet(
                                                  c.accessToken(),
                                                  c.refreshToken(),
                                                  c.expiresAt(),
                                                  c.refreshExpiresAt())),
                                          chosenSettings(c))))
                  .collectList();
            });
  }

  private Mono<Flow> awaiting(Caller caller, String state) {
    return states
        .awaitingChoice(caller.workspaceId(), state)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connect", state)))
        .flatMap(
            flow -> {
              if (flow.chosenAt() != null) {
                return Mono.error(
                    ApiException.conflict(
                        "oauth.already_chosen", "The accounts of this login were already chosen"));
              }
              if (clock.instant().isAfter(flow.expiresAt())) {
                return Mono.error(
                    new ApiException(
                        HttpStatus.GONE,
                        "oauth.state_expired",
                        "The connect flow expired; start a new one"));
              }
              return Mono.just(flow);
            });
  }

  private List<Choice> parse(Flow flow) {
    return json.readValue(flow.choices(), CHOICES);
  }

  private Mono<MastodonApp> credentials(Platform platform, Flow flow) {
    if (platform == Platform.MASTODON) {
      return mastodonApps.forInstance(flow.instanceUrl(), flow.callbackUri());
    }
    OAuthSettings.Client client = settings.client(platform);
    return Mono.just(new MastodonApp(client.clientId(), client.clientSecret()));
  }

  /** The account settings a chosen board or location becomes (read by the connectors). */
  private static Map<String, String> chosenSettings(Choice choice) {
    if (BOARD.equals(choice.kind())) {
      return Map.of("board_id", choice.optionId(), "board_name", choice.optionName());
    }
    if (LOCATION.equals(choice.kind())) {
      return Map.of("location_name", choice.optionId(), "location_title", choice.optionName());
    }
    return Map.of();
  }

  private static Map<String, String> settingsFor(Flow flow) {
    return flow.instanceUrl() == null ? Map.of() : Map.of("instance_url", flow.instanceUrl());
  }

  private static UriComponentsBuilder redirect(Flow flow, String state) {
    return UriComponentsBuilder.fromUriString(flow.redirectUri()).queryParam("state", state);
  }

  private static URI failure(Flow flow, String state, String error, String description) {
    return redirect(flow, state)
        .queryParam("error", error)
        .queryParam("error_description", description)
        .build()
        .encode()
        .toUri();
  }

  private static ApiException invalidState() {
    return ApiException.invalid(
        "oauth.invalid_state",
        "Unknown state: this is not a connect flow Omnipost started",
        Map.of("field", "state"));
  }
}

package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.oauth.OAuthPlatform.Style;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every platform's sign-in calls (consent page, token, revoke, "who am I", Mastodon app
 * registration, Bluesky sessions) before the platform's API filter sees them: those filters demand
 * an access token, which a client signing in does not have yet.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OAuthFilter implements WebFilter {

  private static final Pattern GRAPH_VERSION = Pattern.compile("^/v\\d+\\.\\d+(?=/)");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Consents consents;
  private final TokenGrants grants;
  private final MetaSignIns meta;
  private final Identities identities;

  OAuthFilter(Consents consents, TokenGrants grants, MetaSignIns meta, Identities identities) {
    this.consents = consents;
    this.grants = grants;
    this.meta = meta;
    this.identities = identities;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    for (OAuthPlatform platform : OAuthPlatforms.ALL) {
      if (path.startsWith(platform.prefix() + "/")) {
        String rest = path.substring(platform.prefix().length());
        if (platform.style() == Style.GRAPH) {
          rest = GRAPH_VERSION.matcher(rest).replaceFirst("");
        }
        Endpoint endpoint = endpoint(platform, exchange.getRequest().getMethod(), rest, exchange);
        if (endpoint == null) {
          return chain.filter(exchange);
        }
        return params(exchange)
            .map(params -> endpoint.answer(platform, params, bearer(exchange.getRequest())))
            .flatMap(answer -> write(exchange, answer));
      }
    }
    return chain.filter(exchange);
  }

  private interface Endpoint {
    Answer answer(OAuthPlatform platform, Map<String, String> params, String bearer);
  }

  private Endpoint endpoint(
      OAuthPlatform platform, HttpMethod method, String rest, ServerWebExchange exchange) {
    boolean get = method == HttpMethod.GET;
    boolean post = method == HttpMethod.POST;
    switch (platform.style()) {
      case BLUESKY -> {
        // sessions are the PDS simulator's (package bluesky): app passwords are its accounts
        return null;
      }
      case GRAPH -> {
        if (get && rest.equals(platform.authorizePath())) {
          return consents::authorize;
        }
        if (get && rest.equals(platform.tokenPath())) {
          return (p, params, bearer) -> meta.graphToken(p, params);
        }
        if (get && rest.equals("/me/accounts")) {
          return (p, params, bearer) ->
              meta.pages(p, bearer != null ? bearer : params.get("access_token"));
        }
        if (get && rest.equals("/me")) {
          return (p, params, bearer) ->
              meta.me(p, bearer != null ? bearer : params.get("access_token"));
        }
        return null;
      }
      case THREADS -> {
        if (get && rest.equals(platform.authorizePath())) {
          return consents::authorize;
        }
        if (post && rest.equals(platform.tokenPath())) {
          return (p, params, bearer) -> meta.threadsToken(p, params);
        }
        if (get && rest.equals("/access_token")) {
          return (p, params, bearer) -> meta.threadsLongLived(p, params, "th_exchange_token");
        }
        if (get && rest.equals("/refresh_access_token")) {
          return (p, params, bearer) -> meta.threadsLongLived(p, params, "th_refresh_token");
        }
        break;
      }
      default -> {
        if (get && rest.equals(platform.authorizePath())) {
          return consents::authorize;
        }
        if (post && rest.equals(platform.tokenPath())) {
          return (p, params, bearer) -> grants.token(p, params);
        }
        if (post && rest.equals(platform.revokePath())) {
          return consents::revoke;
        }
        if (platform.style() == Style.MASTODON && post && rest.equals("/api/v1/apps")) {
          return consents::registerApp;
        }
      }
    }
    if (get
        && platform.platform().equals("google_business")
        && rest.matches("/v1/accounts/[^/]+/locations")) {
      String account = rest.split("/")[3];
      return (p, params, bearer) -> identities.locations(p, bearer, account);
    }
    if (get && rest.equals(platform.identityPath())) {
      // YouTube's channels list serves other questions too; only "mine" is a sign-in question
      if (platform.platform().equals("youtube")
          && !"true".equals(exchange.getRequest().getQueryParams().getFirst("mine"))) {
        return null;
      }
      return (p, params, bearer) -> identities.whoAmI(p, bearer);
    }
    return null;
  }

  /** Query parameters, then form or JSON body fields, then client credentials from Basic auth. */
  private static Mono<Map<String, String>> params(ServerWebExchange exchange) {
    Map<String, String> params =
        new HashMap<>(exchange.getRequest().getQueryParams().toSingleValueMap());
    clientCredentials(exchange.getRequest()).forEach(params::putIfAbsent);
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    if (type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
      return exchange
          .getFormData()
          .map(
              form -> {
                form.forEach((name, values) -> params.put(name, String.join(" ", values)));
                return params;
              });
    }
    if (type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return DataBufferUtils.join(exchange.getRequest().getBody())
          .map(
              buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
              })
          .map(
              bytes -> {
                try {
                  JsonNode body = JSON.readTree(bytes);
                  body.properties()
                      .forEach(
                          field -> {
                            JsonNode value = field.getValue();
                            if (value.isArray()) {
                              StringBuilder joined = new StringBuilder();
                              value.forEach(
                                  v ->
                                      joined
                                          .append(joined.isEmpty() ? "" : " ")
                                          .append(v.asString()));
                              params.put(field.getKey(), joined.toString());
                            } else if (!value.isNull()) {
                              params.put(field.getKey(), value.asString());
                            }
                          });
                } catch (RuntimeException malformed) {
                  params.put("_malformed", "true");
                }
                return params;
              })
          .defaultIfEmpty(params);
    }
    return Mono.just(params);
  }

  private static Map<String, String> clientCredentials(ServerHttpRequest request) {
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Map.of();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Map.of()
          : Map.of(
              "client_id",
              decoded.substring(0, colon),
              "client_secret",
              decoded.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      return Map.of();
    }
  }

  private static String bearer(ServerHttpRequest request) {
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
      return authorization.substring(6).trim();
    }
    return null;
  }

  private static Mono<Void> write(ServerWebExchange exchange, Answer answer) {
    if (answer.location() != null) {
      exchange.getResponse().setStatusCode(HttpStatus.FOUND);
      exchange.getResponse().getHeaders().setLocation(URI.create(answer.location()));
      return exchange.getResponse().setComplete();
    }
    return SandboxResponses.json(exchange, answer.status(), answer.body());
  }
}

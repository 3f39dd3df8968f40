package dev.omnipost.gateway.oauth;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A workspace's allow-list of the URIs a connect flow may send its users back to. A URI matches an
 * entry exactly (scheme, host, port, path), except that a bare loopback entry ({@code
 * http://localhost}, {@code http://127.0.0.1}) admits any port and path on that host, as RFC 8252
 * allows native apps.
 */
@Component
class RedirectUris {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private final DatabaseClient db;

  RedirectUris(DatabaseClient db) {
    this.db = db;
  }

  record RedirectUri(String id, String uri, Instant createdAt) {}

  Flux<RedirectUri> list(String workspaceId) {
    return db.sql(
            "SELECT id, uri, created_at FROM oauth_redirect_uris WHERE workspace_id = :ws"
                + " ORDER BY created_at, id")
        .bind("ws", workspaceId)
        .map(
            row ->
                new RedirectUri(
                    row.get("id", String.class),
                    row.get("uri", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .all();
  }

  Mono<RedirectUri> add(String workspaceId, String uri) {
    URI parsed = parse(uri, "uri");
    String id = Ids.newId("ruri");
    return db.sql(
            "INSERT INTO oauth_redirect_uris (id, workspace_id, uri) VALUES (:id, :ws, :uri)"
                + " ON CONFLICT (workspace_id, uri) DO UPDATE SET uri = EXCLUDED.uri"
                + " RETURNING id, uri, created_at")
        .bind("id", id)
        .bind("ws", workspaceId)
        .bind("uri", parsed.toString())
        .map(
            row ->
                new RedirectUri(
                    row.get("id", String.class),
                    row.get("uri", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .one();
  }

  Mono<Boolean> remove(String workspaceId, String id) {
    return db.sql("DELETE FROM oauth_redirect_uris WHERE workspace_id = :ws AND id = :id")
        .bind("ws", workspaceId)
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(count -> count > 0);
  }

  /** 400 {@code oauth.redirect_uri_not_allowed} unless the workspace allows {@code uri}. */
  Mono<URI> requireAllowed(String workspaceId, String uri) {
    URI requested = parse(uri, "redirect_uri");
    return list(workspaceId)
        .map(RedirectUri::uri)
        .collectList()
        .flatMap(
            allowed ->
                allowed.stream().anyMatch(entry -> matches(URI.create(entry), requested))
                    ? Mono.just(requested)
                    : Mono.error(
                        ApiException.invalid(
                            "oauth.redirect_uri_not_allowed",
                            "redirect_uri is not on the workspace's allow-list; add it with"
                                + " POST /v1/oauth/redirect-uris",
                            Map.of("field", "redirect_uri", "redirect_uri", uri))));
  }

  static boolean matches(URI entry, URI requested) {
    String scheme = entry.getScheme().toLowerCase(Locale.ROOT);
    String host = entry.getHost() == null ? "" : entry.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals(requested.getScheme().toLowerCase(Locale.ROOT))
        || !host.equals(requested.getHost().toLowerCase(Locale.ROOT))) {
      return false;
    }
    boolean bare = entry.getPort() == -1 && (entry.getPath() == null || entry.getPath().isEmpty());
    if (bare && LOOPBACK.contains(host) && scheme.equals("http")) {
      return true;
    }
    return entry.getPort() == requested.getPort()
        && normalizedPath(entry).equals(normalizedPath(requested))
        && java.util.Objects.equals(entry.getRawQuery(), requested.getRawQuery());
  }

  private static String normalizedPath(URI uri) {
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
  }

  static URI parse(String uri, String field) {
    ApiException invalid =
        ApiException.invalid(
            "request.invalid_field",
            field + " must be an absolute http(s) URI without a fragment",
            Map.of("field", field));
    if (uri == null || uri.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", field + " is required", Map.of("field", field));
    }
    try {
      URI parsed = new URI(uri.trim());
      if (parsed.getScheme() == null
          || !List.of("http", "https").contains(parsed.getScheme().toLowerCase(Locale.ROOT))
          || parsed.getHost() == null
          || parsed.getRawFragment() != null
          || parsed.getRawUserInfo() != null) {
        throw invalid;
      }
      return parsed;
    } catch (URISyntaxException e) {
      throw invalid;
    }
  }
}

package dev.omnipost.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.OperatorRoute;
import dev.omnipost.gateway.web.PublicRoute;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Deny by default: every route declares who may call it, the public ones are named here, and no
 * spelling of a path gets a different answer than its canonical form.
 */
class RouteSecurityTests extends GatewayTestSupport {

  /** The only routes that answer without a credential. Adding one means adding it here. */
  static final Set<String> PUBLIC_ROUTES =
      Set.of(
          "GET /v1/health",
          "GET /v1/openapi.json",
          "GET /media/{token}",
          "GET /v1/oauth/callback/{platform}");

  /** The only routes any valid key may call whatever its scopes ({@code Scopes.ANY_KEY}). */
  static final Set<String> ANY_KEY_ROUTES = Set.of("GET /v1/workspace", "GET /v1/usage");

  private final HttpClient raw =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyRouteDeclaresExactlyOneKindOfAccessAndOnlyTheNamedOnesArePublic() {
    Map<String, String> undeclared = new TreeMap<>();
    Set<String> publicRoutes = new TreeSet<>();
    Set<String> operatorRoutes = new TreeSet<>();
    Set<String> anyKeyRoutes = new TreeSet<>();
    servedRoutes()
        .forEach(
            (route, handler) -> {
              int kinds =
                  (handler.hasMethodAnnotation(PublicRoute.class) ? 1 : 0)
                      + (handler.hasMethodAnnotation(OperatorRoute.class) ? 1 : 0)
                      + (handler.hasMethodAnnotation(RequiresScope.class) ? 1 : 0);
              if (kinds != 1) {
                undeclared.put(route, handler.getShortLogMessage());
              }
              if (handler.hasMethodAnnotation(PublicRoute.class)) {
                publicRoutes.add(route);
              }
              if (handler.hasMethodAnnotation(OperatorRoute.class)) {
                operatorRoutes.add(route);
              }
              RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
              if (scope != null && scope.value().equals(Scopes.ANY_KEY)) {
                anyKeyRoutes.add(route);
              } else if (scope != null) {
                assertThat(Scopes.ALL).as(route).contains(scope.value());
              }
            });

    assertThat(undeclared).as("routes without exactly one access declaration").isEmpty();
    assertThat(publicRoutes).isEqualTo(PUBLIC_ROUTES);
    assertThat(anyKeyRoutes).isEqualTo(ANY_KEY_ROUTES);
    assertThat(Scopes.ALL).doesNotContain(Scopes.ANY_KEY);
    assertThat(operatorRoutes).allMatch(route -> route.contains(" /v1/admin/"));
  }

  @Test
  void everyNonPublicRouteRefusesARequestWithoutCredentials() throws Exception {
    List<String> answered = new ArrayList<>();
    for (String route : servedRoutes().keySet()) {
      if (PUBLIC_ROUTES.contains(route)) {
        continue;
      }
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x_1");

      HttpResponse<String> response = send(method, path, Map.of());

      if (response.statusCode() != 401 || !response.body().contains("\"auth.missing_key\"")) {
        answered.add(route + " -> " + response.statusCode());
      }
    }

    assertThat(answered).isEmpty();
  }

  @Test
  void aTenantKeyCannotCallTheOperatorRoutes() throws Exception {
    Tenant tenant = newTenant();

    HttpResponse<String> response =
        send(
            "POST",
            "/v1/admin/workspaces",
            Map.of("Authorization", "Bearer " + tenant.apiKey()),
            "{\"name\":\"stolen\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"auth.invalid_key\"");
  }

  /**
   * Every route class in every spelling, with no credential, a tenant's key and the operator token:
   * the answer is the canonical path's answer, or a 4xx error envelope; never a success that the
   * canonical path would have refused.
   */
  @Test
  void noSpellingOfAPathChangesTheAuthDecision() throws Exception {
    Tenant tenant = newTenant();
    Map<String, Map<String, String>> credentials =
        Map.of(
            "none", Map.of(),
            "tenant", Map.of("Authorization", "Bearer " + tenant.apiKey()),
            "operator", Map.of("Authorization", "Bearer " + OPERATOR_TOKEN));
    List<String[]> routes =
        List.of(
            new String[] {"GET", "/v1/health"},
            new String[] {"GET", "/v1/accounts"},
            new String[] {"POST", "/v1/admin/workspaces"},
            new String[] {"GET", "/v1/nope"});
    List<String> violations = new ArrayList<>();

    for (String[] route : routes) {
      for (Map.Entry<String, Map<String, String>> credential : credentials.entrySet()) {
        int canonical =
            send(route[0], route[1], credential.getValue(), "{\"name\":\"spelled\"}").statusCode();
        for (String spelling : spellings(route[1])) {
          HttpResponse<String> response =
              send(route[0], spelling, credential.getValue(), "{\"name\":\"spelled\"}");
          int status = response.statusCode();
          boolean sameDecision = status == canonical;
          boolean refusedWithEnvelope =
              status >= 400 && status < 500 && response.body().startsWith("{\"error\":");
          boolean wronglyAdmitted = status < 300 && canonical >= 400;
          if (wronglyAdmitted || !(sameDecision || refusedWithEnvelope)) {
            violations.add(
                route[0]
                    + " "
                    + spelling
                    + " as "
                    + credential.getKey()
                    + ": "
                    + status
                    + " (canonical "
                    + canonical
                    + ") "
                    + response.body());
          }
        }
      }
    }

    assertThat(violations).isEmpty();
  }

  @Test
  void pathParametersAndEncodedSlashesAreRefusedWithTheEnvelope() throws Exception {
    for (String path :
        List.of(
            "/v1;x/admin/workspaces",
            "/v1/admin;x/accounts",
            "/v1%2Fadmin%2Fworkspaces",
            "/v1/./admin/workspaces",
            "/v1/x/../admin/workspaces",
            "//v1/admin/workspaces")) {
      HttpResponse<String> response = send("POST", path, Map.of(), "{\"name\":\"x\"}");

      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.body()).as(path).contains("\"request.invalid_path\"");
    }
  }

  @Test
  void percentEncodedLettersReachTheSameRouteAndItsCheck() throws Exception {
    HttpResponse<String> response =
        send("POST", "/%761/admin/workspaces", Map.of(), "{\"name\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"auth.missing_key\"");
  }

  private static List<String> spellings(String path) {
    String[] segments = path.substring(1).split("/");
    List<String> spellings = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      spellings.add(withSegment(segments, i, segments[i] + ";x=1"));
      spellings.add(withSegment(segments, i, percentEncodeFirstLetter(segments[i])));
      spellings.add(withSegment(segments, i, segments[i].toUpperCase()));
    }
    spellings.add(path.replaceFirst("/", "//"));
    spellings.add(path.replace("/v1/", "/v1//"));
    spellings.add(path.replace("/v1/", "/v1/./"));
    spellings.add(path.replace("/v1/", "/v1/x/../"));
    spellings.add(path.replace("/v1/", "/v1%2F"));
    spellings.add(path.replace("/v1/", "/v1%2f"));
    spellings.add(path.replace("/v1/", "/v1%5C"));
    spellings.add(path.replace("/v1/", "/v1/%2e/"));
    spellings.add(path + "/");
    spellings.add(path + ";");
    spellings.add(path.toUpperCase());
    return spellings;
  }

  private static String withSegment(String[] segments, int index, String replacement) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      path.append('/').append(i == index ? replacement : segments[i]);
    }
    return path.toString();
  }

  private static String percentEncodeFirstLetter(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isLetter(c)) {
        return segment.substring(0, i)
            + String.format("%%%02X", (int) c)
            + segment.substring(i + 1);
      }
    }
    return segment;
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers)
      throws Exception {
    return send(method, path, headers, method.equals("GET") ? null : "{}");
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    if (method.equals("GET") || method.equals("DELETE") || body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.omnipost.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates requests from the OpenAPI document for every operation it lists, most of them wrong
 * (types, missing and extra fields, huge and empty values, NUL, invalid UTF-8, deep nesting,
 * duplicate keys, bad cursors and timestamps, path spellings, content types, credentials), sends
 * them as raw bytes and holds every answer to four rules:
 *
 * <ol>
 *   <li>no 5xx, except 503 while a dependency is down (none is, here, so a 503 is reported too);
 *   <li>every 4xx is the error envelope, in JSON;
 *   <li>no operation answers 2xx without the credential and scope the document declares for it, and
 *       a 2xx body matches the operation's schema ({@link ResponseContract});
 *   <li>the gateway stays healthy ({@code GET /v1/health} between batches and at the end).
 * </ol>
 *
 * <p>The seed is fixed and printed; {@code -Domnipost.fuzz.seed=<n>} replays another run and {@code
 * -Domnipost.fuzz.requests=<n>} changes its size (default 5,000). Undocumented 4xx statuses are not
 * failures here (a fuzzed request can earn any 4xx the envelope explains); the statuses the test
 * suite's real flows receive are checked by {@link ResponseContract} on every test.
 */
class ContractFuzzTests extends GatewayTestSupport {

  private static final long SEED = Long.getLong("omnipost.fuzz.seed", 20261203L);
  private static final int REQUESTS = Integer.getInteger("omnipost.fuzz.requests", 5000);
  private static final int THREADS = 4;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What one generated request carries as its credential. */
  enum Credential {
    NONE,
    MADE_UP_KEY,
    GARBAGE,
    OPERATOR,
    KEY_WITHOUT_THE_SCOPE,
    KEY_WITH_EVERY_SCOPE
  }

  record Operation(String method, String template, JsonNode node, String access) {}

  record Case(
      int index,
      Operation operation,
      String method,
      String target,
      Credential credential,
      Map<String, String> headers,
      byte[] body,
      String mutation) {
    @Override
    public String toString() {
      String shown = new String(body, StandardCharsets.UTF_8);
      return "#"
          + index
          + " "
          + mutation
          + ": "
          + method
          + " "
          + (target.length() > 300 ? target.substring(0, 300) + "…" : target)
          + " credential="
          + credential
          + " headers="
          + headers
          + " body="
          + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
    }
  }

  @Test
  void generatedRequestsNeverBreakTheContract() throws Exception {
    System.out.println(
        "ContractFuzzTests: seed "
            + SEED
            + ", "
            + REQUESTS
            + " requests (replay with -Domnipost.fuzz.seed="
            + SEED
            + ")");
    JsonNode document = contract().document();
    List<Operation> operations = operations(document);
    Fixture fixture = fixture();
    Random random = new Random(SEED);
    long started = System.nanoTime();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      // every operation in turn, so each gets its share whatever the seed
      Operation operation = operations.get(i % operations.size());
      cases.add(new Generator(random, document, fixture).generate(i, operation));
    }

    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Case c : cases) {
        running.add(pool.submit(() -> judge(c, fixture, failures, statuses)));
      }
      for (int i = 0; i < running.size(); i++) {
        running.get(i).get();
        if (i % 500 == 499) {
          assertHealthy("after " + (i + 1) + " requests");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertHealthy("at the end");
    System.out.println(
        "ContractFuzzTests: answers by status "
            + new TreeMap<>(statuses)
            + " in "
            + (System.nanoTime() - started) / 1_000_000_000
            + " s");
    assertThat(failures)
        .as(
            "seed "
                + SEED
                + ": "
                + failures.size()
                + " of "
                + REQUESTS
                + " answers break the rules")
        .isEmpty();
  }

  private void judge(
      Case c, Fixture fixture, List<String> failures, Map<String, AtomicInteger> statuses) {
    RawHttp.Answer answer;
    try {
      answer = RawHttp.send(port, request(c, fixture));
    } catch (RuntimeException e) {
      failures.add(c + " -> no answer: " + e);
      return;
    }
    statuses
        .computeIfAbsent(Integer.toString(answer.status()), k -> new AtomicInteger())
        .incrementAndGet();
    int status = answer.status();
    String seen = c + " -> " + status + " " + clip(answer.body());
    if (status >= 500) {
      failures.add("5xx: " + seen);
      return;
    }
    MediaType type = contentType(answer);
    if (status >= 400 && c.method().equals("HEAD")) {
      // a HEAD answer has no body: its headers must still announce the envelope
      if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
        failures.add("not the error envelope's content type: " + seen);
      }
      return;
    }
    if (status >= 400) {
      boolean json = type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON);
      JsonNode body = json ? parse(answer.body()) : null;
      if (body == null
          || !body.at("/error/code").isString()
          || !body.at("/error/message").isString()
          || !body.at("/error/meta").isObject()) {
        failures.add("not the error envelope: " + seen);
      }
      return;
    }
    if (status < 300 && !admits(c)) {
      failures.add(
          "answered without the declared credential (" + c.operation().access() + "): " + seen);
      return;
    }
    if (status < 300 && c.method().equals(c.operation().method())) {
      ResponseContract.Violation violation =
          contract()
              .check(
                  c.method(),
                  URI.create("http://localhost" + c.target()),
                  status,
                  type,
                  answer.body().getBytes(StandardCharsets.UTF_8));
      if (violation != null) {
        failures.add("contract: " + violation + " for " + c);
      }
    }
  }

  /** Whether the request's credential is one the operation's declared access admits. */
  private static boolean admits(Case c) {
    String access = c.operation().access();
    if (!c.method().equals(c.operation().method())) {
      return true; // HEAD and OPTIONS probes: not the operation itself
    }
    return switch (access) {
      case "public" -> true;
      case "operator" -> c.credential() == Credential.OPERATOR;
      case "scope any_key" ->
          c.credential() == Credential.KEY_WITH_EVERY_SCOPE
              || c.credential() == Credential.KEY_WITHOUT_THE_SCOPE;
      default -> c.credential() == Credential.KEY_WITH_EVERY_SCOPE;
    };
  }

  private void assertHealthy(String when) {
    RawHttp.Answer health =
        RawHttp.send(port, "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(health.status()).as("health " + when + ": " + health.body()).isEqualTo(200);
    assertThat(parse(health.body()).at("/data/status").asString())
        .as("health " + when)
        .isEqualTo("ok");
  }

  private static byte[] request(Case c, Fixture fixture) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(c.method()).append(' ').append(c.target()).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\nConnection: close\r\n");
    switch (c.credential()) {
      case NONE -> {}
      case MADE_UP_KEY ->
          head.append("Authorization: Bearer opk_live_").append("Z".repeat(32)).append("\r\n");
      case GARBAGE ->
          head.append("Authorization: Basic Zm9vOmJhcg==\r\nX-API-Key: ' OR 1=1 --\r\n");
      case OPERATOR -> head.append("Authorization: Bearer ").append(OPERATOR_TOKEN).append("\r\n");
      case KEY_WITHOUT_THE_SCOPE ->
          head.append("X-API-Key: ")
              .append(fixture.keyWithout(c.operation().access()))
              .append("\r\n");
      case KEY_WITH_EVERY_SCOPE ->
          head.append("Authorization: Bearer ").append(fixture.fullKey()).append("\r\n");
    }
    c.headers()
        .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (!c.headers().containsKey("Content-Length")
        && !c.headers().containsKey("Transfer-Encoding")) {
      if (c.body().length > 0 || !c.method().equals("GET")) {
        head.append("Content-Length: ").append(c.body().length).append("\r\n");
      }
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(c.body());
    return out.toByteArray();
  }

  // --- the operations and the world they act on --------------------------------------------

  private static List<Operation> operations(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        JsonNode operation = entry.getValue();
        if (operation.path("x-omnipost-reserved").asBoolean(false)
            || !operation.isObject()
            || !operation.has("responses")) {
          continue;
        }
        operations.add(
            new Operation(
                entry.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                operation,
                access(operation)));
      }
    }
    return operations;
  }

  private static String access(JsonNode operation) {
    JsonNode security = operation.get("security");
    if (security != null && security.isEmpty()) {
      return "public";
    }
    if (security != null && security.toString().contains("operatorToken")) {
      return "operator";
    }
    return "scope " + operation.path("x-omnipost-scope").asString("");
  }

  /** Real ids of one workspace (so some requests reach real rows) and keys for each credential. */
  record Fixture(String fullKey, Map<String, String> keysWithout, Map<String, List<String>> ids) {
    String keyWithout(String access) {
      String scope = access.startsWith("scope ") ? access.substring(6) : "";
      return keysWithout.getOrDefault(scope, keysWithout.get(""));
    }

    List<String> idsFor(String parameter) {
      return ids.getOrDefault(parameter, ids.get("id"));
    }
  }

  @SuppressWarnings("unchecked")
  private Fixture fixture() {
    Map<String, Object> created =
        http.post()
            .uri("/v1/admin/workspaces")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Fuzz", "rate_limit_per_minute", 1_000_000))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON_MAP)
            .returnResult()
            .getResponseBody();
    Map<String, Object> data = (Map<String, Object>) created.get("data");
    Tenant tenant =
        new Tenant(
            (String) ((Map<String, Object>) data.get("workspace")).get("id"),
            (String) ((Map<String, Object>) data.get("api_key")).get("key"));
    String account = connect(tenant, "mastodon");
    String brand = newBrand(tenant, "Fuzz brand");
    Map<String, Object> post =
        post(tenant, "/v1/posts")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("text", "fuzz", "account_ids", List.of(account), "draft", true))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON_MAP)
            .returnResult()
            .getResponseBody();
    String postId = (String) ((Map<String, Object>) post.get("data")).get("id");
    Tenant other = newTenant();
    Map<String, String> without = new TreeMap<>();
    without.put("", keyWithScopes(tenant).apiKey());
    for (String scope : Scopes.ALL) {
      List<String> rest = new ArrayList<>(Scopes.ALL);
      rest.remove(scope);
      without.put(scope, keyWithScopes(tenant, rest.toArray(String[]::new)).apiKey());
    }
    without.put("any_key", keyWithScopes(tenant).apiKey());
    // not the fuzzing workspace's own id: PATCH /v1/admin/workspaces/{id} with a small
    // rate_limit_per_minute would turn the rest of the run into 429s
    List<String> anyIds = List.of(account, brand, postId, other.workspaceId());
    Map<String, List<String>> ids = new TreeMap<>();
    ids.put("id", anyIds);
    ids.put("platform", List.of("mastodon", "x", "twitter", "bluesky", "MASTODON", "myspace"));
    return new Fixture(tenant.apiKey(), without, ids);
  }

  private static final org.springframework.core.ParameterizedTypeReference<Map<String, Object>>
      JSON_MAP = new org.springframework.core.ParameterizedTypeReference<>() {};

  private static MediaType contentType(RawHttp.Answer answer) {
    String header = answer.header("content-type");
    try {
      return header == null ? null : MediaType.parseMediaType(header);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String clip(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}

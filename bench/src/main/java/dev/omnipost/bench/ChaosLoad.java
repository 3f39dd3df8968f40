package dev.omnipost.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;

/**
 * The load of a chaos scenario and its count on the sandbox's own records: one workspace with
 * {@code accounts} sandbox Mastodon accounts, publish-now (or far-future) posts at a fixed rate,
 * each with a text unique to the run, and afterwards, per accepted post, how many statuses the
 * sandbox holds with that text (0 lost, 1 published, more published twice; two statuses sharing one
 * idempotency key count as twice too).
 */
final class ChaosLoad {

  /** Far enough ahead that a post is stored and announced but never published. */
  static final String FAR_FUTURE = Instant.now().plus(Duration.ofDays(365)).toString();

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String prefix;

  /** The first workspace's key (scenarios with one account use it for their webhooks). */
  final String apiKey;

  /** Each account's workspace key, in account order. */
  final List<String> apiKeys = new ArrayList<>();

  final List<String> accountIds = new ArrayList<>();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();

  /** The id of every accepted post, by its text. */
  final Map<String, String> postIds = new ConcurrentHashMap<>();

  /** The key of the workspace of every accepted post, by its text. */
  final Map<String, String> postKeys = new ConcurrentHashMap<>();

  /** Requests sent again after a 503 or no answer. */
  final java.util.concurrent.atomic.AtomicInteger retried =
      new java.util.concurrent.atomic.AtomicInteger();

  final List<ChaosStack.Seen> seen = new CopyOnWriteArrayList<>();
  private final ApiClient api;
  private final ChaosStack stack;
  private final java.util.concurrent.atomic.AtomicInteger failuresShown =
      new java.util.concurrent.atomic.AtomicInteger();

  ChaosLoad(ApiClient api, ChaosStack stack, String operatorToken, String scenario, int accounts) {
    this.api = api;
    this.stack = stack;
    this.prefix = scenario + "-" + run + " ";
    for (int i = 0; i < accounts; i++) {
      // one workspace per account: posts of one workspace queue on its rows (quota, limits),
      // which would measure that queue, not the faults
      JsonNode created =
          api.post(
              api.gatewayUrl() + "/v1/admin/workspaces",
              operatorToken,
              Map.of(
                  "name",
                  "Chaos " + scenario + " " + run + " " + i,
                  "plan",
                  "unlimited",
                  "ai_credits",
                  0,
                  "rate_limit_per_minute",
                  BenchWorkspace.RATE_LIMIT_PER_MINUTE));
      String workspace = created.at("/data/workspace/id").asString();
      apiKeys.add(created.at("/data/api_key/key").asString());
      String sandboxAccount = "chaos-" + run + "-" + i;
      String token = "chaos_token_" + run + "_" + i;
      api.post(
          api.sandboxUrl() + "/_sandbox/accounts",
          null,
          Map.of(
              "platform",
              "mastodon",
              "account_id",
              sandboxAccount,
              "username",
              "chaos_" + run + "_" + i,
              "access_token",
              token));
      JsonNode account =
          api.post(
              api.gatewayUrl() + "/v1/admin/accounts",
              operatorToken,
              Map.of(
                  "workspace_id",
                  workspace,
                  "platform",
                  "mastodon",
                  "platform_account_id",
                  sandboxAccount,
                  "handle",
                  "@chaos_" + run + "_" + i,
                  "name",
                  "Chaos account " + i,
                  "access_token",
                  token,
                  "settings",
                  Map.of("instance_url", api.sandboxUrl() + "/mastodon")));
      accountIds.add(account.at("/data/id").asString());
    }
    apiKey = apiKeys.get(0);
  }

  String text(int i) {
    return prefix + i;
  }

  /**
   * One post, the {@code i}-th of the run, to one account (round robin); 201 → accepted. A 503 or
   * no answer is retried, as the 503 asks, with the same {@code Idempotency-Key} (so a retry of a
   * post that was in fact created returns it instead of creating another), up to {@code retries}
   * times, one second apart, doubling; every attempt is in {@link #seen}.
   */
  CompletableFuture<ChaosStack.Seen> post(int i, boolean publishNow, Duration timeout) {
    return post(i, publishNow, timeout, RETRIES, Duration.ofSeconds(1));
  }

  /** Retries of a 503 or of no answer, per post. */
  static final int RETRIES = 6;

  private CompletableFuture<ChaosStack.Seen> post(
      int i, boolean publishNow, Duration timeout, int retries, Duration backoff) {
    Map<String, Object> body = new HashMap<>();
    body.put("text", text(i));
    int account = Math.floorMod(i, accountIds.size());
    body.put("account_ids", List.of(accountIds.get(account)));
    if (!publishNow) {
      body.put("scheduled_at", FAR_FUTURE);
    }
    return stack
        .send(
            "POST",
            api.gatewayUrl() + "/v1/posts",
            apiKeys.get(account),
            body,
            timeout,
            Map.of("Idempotency-Key", prefix.trim() + "-" + i))
        .thenCompose(
            response -> {
              seen.add(response);
              if (response.status() == 201) {
                accepted.add(text(i));
                postIds.put(text(i), response.body().at("/data/id").asString());
                postKeys.put(text(i), apiKeys.get(account));
                return CompletableFuture.completedFuture(response);
              }
              if (failuresShown.incrementAndGet() <= 3) {
                System.out.println(
                    "chaos: post " + i + " answered " + response.status() + ": " + response.body());
              }
              boolean retryable =
                  response.status() == 503 || response.status() == ChaosStack.TIMED_OUT;
              if (!retryable || retries == 0) {
                return CompletableFuture.completedFuture(response);
              }
              retried.incrementAndGet();
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(
                          backoff.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                  .thenCompose(
                      ignored ->
                          post(i, publishNow, timeout, retries - 1, backoff.multipliedBy(2)));
            });
  }

  /**
   * {@code count} posts at {@code rate} per second (each due at its own instant, sent whether or
   * not the ones before were answered, at most 256 in flight), {@code each} told the index of every
   * post as it is sent; returns once all were answered or timed out.
   */
  void send(int count, double rate, boolean publishNow, Duration timeout, IntConsumer each) {
    long start = System.nanoTime();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);
    List<CompletableFuture<ChaosStack.Seen>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long due = start + (long) (i * 1_000_000_000L / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Pause.of(Duration.ofNanos(wait));
      }
      each.accept(i);
      inFlight.acquireUninterruptibly();
      all.add(post(i, publishNow, timeout).whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /** What the sandbox holds of this run. */
  record Census(Map<String, Integer> copies, Map<String, Integer> keys, Instant last) {

    int published(Set<String> accepted) {
      return (int) accepted.stream().filter(copies::containsKey).count();
    }

    int twice(Set<String> accepted) {
      return (int)
          Math.max(
              accepted.stream().filter(text -> copies.getOrDefault(text, 0) > 1).count(),
              keys.values().stream().filter(n -> n > 1).count());
    }

    /** Statuses of this run whose post the gateway never answered 201 for (a timeout, a 5xx). */
    int unacknowledged(Set<String> accepted) {
      return (int) copies.keySet().stream().filter(text -> !accepted.contains(text)).count();
    }
  }

  Census census() {
    Map<String, Integer> copies = new HashMap<>();
    Map<String, Integer> keys = new HashMap<>();
    Instant last = Instant.EPOCH;
    for (JsonNode post : api.get(api.sandboxUrl() + "/_sandbox/posts?platform=mastodon")) {
      String text = post.path("text").asString();
      if (text.startsWith(prefix)) {
        copies.merge(text, 1, Integer::sum);
        String key = post.path("idempotency_key").asString("");
        if (!key.isEmpty()) {
          keys.merge(key, 1, Integer::sum);
        }
        Instant at = Instant.parse(post.path("created_at").asString());
        last = at.isAfter(last) ? at : last;
      }
    }
    return new Census(copies, keys, last);
  }

  /** Polls the sandbox each second until it holds every accepted post or {@code timeout} passes. */
  Census awaitPublished(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Census census = census();
      if (accepted.stream().allMatch(census.copies()::containsKey)
          || System.nanoTime() > deadline) {
        return census;
      }
      Pause.of(Duration.ofSeconds(1));
    }
  }

  /** The row of the table for a scenario that publishes posts. */
  ChaosSuite.Row row(String scenario, Census census, Duration recovery, String notes) {
    int published = census.published(accepted);
    int unacknowledged = census.unacknowledged(accepted);
    return new ChaosSuite.Row(
        scenario,
        accepted.size(),
        published,
        accepted.size() - published,
        census.twice(accepted),
        recovery,
        notes
            + "; answers "
            + answers()
            + " (%d retried with the same Idempotency-Key)".formatted(retried.get())
            + (unacknowledged > 0
                ? "; %d published without a 201 (timed out at the client)".formatted(unacknowledged)
                : ""));
  }

  /** How many requests got each status ("timeout" for none). */
  Map<String, Integer> answers() {
    Map<String, Integer> answers = new java.util.TreeMap<>();
    seen.forEach(
        s ->
            answers.merge(
                s.status() == ChaosStack.TIMED_OUT ? "timeout" : Integer.toString(s.status()),
                1,
                Integer::sum));
    return answers;
  }

  long answered(int status) {
    return seen.stream().filter(s -> s.status() == status).count();
  }
}

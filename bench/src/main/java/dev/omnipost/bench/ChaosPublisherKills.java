package dev.omnipost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * Chaos scenario 1: the publisher-worker is killed with {@code kill -9} every {@code killEvery}
 * while {@code posts} publish-now posts go to {@code accounts} Mastodon accounts, against the
 * multi-process local stack ({@code ./run-local.sh --processes}, whose supervisor restarts it and
 * names its pid in {@code processes.json}). The count is taken on the sandbox's own records (kept
 * on disk, ADR 23), never on what Omnipost says about itself: for every accepted post, how many
 * statuses the sandbox holds with its text (0: lost, 1: published, more: published twice; two
 * statuses sharing one idempotency key count as twice too); recovery time is from the last kill to
 * the last status the sandbox recorded.
 */
final class ChaosPublisherKills {

  /** What one run counted. */
  record Result(
      int posts,
      int accepted,
      int published,
      int lost,
      int publishedTwice,
      int kills,
      Duration recovery) {

    String line() {
      return "chaos publisher-kills: %d posts, %d accepted, %d published, %d lost, %d published twice, %d kills, recovered %.1f s after the last kill"
          .formatted(
              posts,
              accepted,
              published,
              lost,
              publishedTwice,
              kills,
              recovery.toMillis() / 1000.0);
    }
  }

  private final ApiClient api;
  private final String operatorToken;
  private final Path processesFile;

  ChaosPublisherKills(ApiClient api, String operatorToken, Path processesFile) {
    this.api = api;
    this.operatorToken = operatorToken;
    this.processesFile = processesFile;
  }

  Result run(int posts, int accounts, Duration killEvery, Duration timeout) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<BenchWorkspace> workspaces = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      workspaces.add(BenchWorkspace.create(api, operatorToken));
    }
    AtomicInteger kills = new AtomicInteger();
    AtomicReference<Instant> lastKill = new AtomicReference<>(Instant.now());
    ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    killer.scheduleAtFixedRate(
        () ->
            publisherPid()
                .flatMap(ProcessHandle::of)
                .ifPresent(
                    process -> {
                      if (process.destroyForcibly()) {
                        kills.incrementAndGet();
                        lastKill.set(Instant.now());
                        System.out.printf("chaos: killed publisher-worker pid %d%n", process.pid());
                      }
                    }),
        killEvery.toMillis(),
        killEvery.toMillis(),
        TimeUnit.MILLISECONDS);
    List<String> acceptedTexts = new ArrayList<>();
    try {
      for (int i = 0; i < posts; i++) {
        BenchWorkspace workspace = workspaces.get(i % workspaces.size());
        String text = "chaos-" + run + " " + i;
        try {
          JsonNode created =
              api.post(
                  api.gatewayUrl() + "/v1/posts",
                  workspace.apiKey(),
                  Map.of("text", text, "account_ids", workspace.accountIds()));
          if (created.at("/data/id").isString()) {
            acceptedTexts.add(text);
          }
        } catch (RuntimeException e) {
          System.out.printf("chaos: post %d not accepted (%s)%n", i, e.getMessage());
        }
      }
      return await(run, posts, acceptedTexts, timeout, kills, lastKill);
    } finally {
      killer.shutdownNow();
    }
  }

  private Result await(
      String run,
      int posts,
      List<String> accepted,
      Duration timeout,
      AtomicInteger kills,
      AtomicReference<Instant> lastKill) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Census> settled = new CompletableFuture<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    // one look at the sandbox a second, until every accepted post is there or the time is up
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            Census census = census(run);
            if (accepted.stream().allMatch(census.copies()::containsKey)
                || System.nanoTime() > deadline) {
              settled.complete(census);
            }
          } catch (RuntimeException e) {
            settled.completeExceptionally(e);
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    Census census;
    try {
      census = settled.join();
    } finally {
      poller.shutdownNow();
    }
    Map<String, Integer> copies = census.copies();
    int published = (int) accepted.stream().filter(copies::containsKey).count();
    // a post published twice: two statuses with its text, or two sharing one idempotency key
    int twice =
        (int)
            Math.max(
                accepted.stream().filter(text -> copies.getOrDefault(text, 0) > 1).count(),
                census.keys().values().stream().filter(n -> n > 1).count());
    Instant last = census.last();
    Duration recovery =
        last.isAfter(lastKill.get()) ? Duration.between(lastKill.get(), last) : Duration.ZERO;
    return new Result(
        posts,
        accepted.size(),
        published,
        accepted.size() - published,
        twice,
        kills.get(),
        recovery);
  }

  /** What the sandbox holds of this run: copies by text and by idempotency key, the newest time. */
  private record Census(Map<String, Integer> copies, Map<String, Integer> keys, Instant last) {}

  private Census census(String run) {
    Map<String, Integer> copies = new HashMap<>();
    Map<String, Integer> keys = new HashMap<>();
    Instant last = Instant.EPOCH;
    for (JsonNode post : api.get(api.sandboxUrl() + "/_sandbox/posts?platform=mastodon")) {
      String text = post.path("text").asString();
      if (text.startsWith("chaos-" + run + " ")) {
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

  private Optional<Long> publisherPid() {
    try {
      JsonNode file = ApiClient.JSON.readTree(Files.readString(processesFile));
      return file.path("processes")
          .valueStream()
          .filter(p -> p.path("role").asString().equals("publisher-worker"))
          .filter(p -> p.path("status").asString().equals("ready"))
          .map(p -> p.path("pid").asLong())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

package dev.omnipost.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;

/**
 * (d) A burst of targets all due in the same second over many Mastodon accounts, with the sandbox
 * answering every call after a fixed latency: how long one publisher-worker takes to publish them
 * all, how many statuses were posted twice, and how many 429s the sandbox's own rate limit had to
 * answer. Accounts are spread over workspaces of 100 (one API key each, well inside the per-key
 * request limit); each post targets 10 accounts, so every account gets {@code targetsPerAccount}
 * statuses.
 */
final class BurstPublish {

  /** What one burst measured. */
  record Result(
      int targets,
      long claimed,
      int published,
      int duplicates,
      long rateLimited,
      Duration allClaimedAfter,
      Duration allPublishedAfter) {}

  private static final int ACCOUNTS_PER_WORKSPACE = 100;
  private static final int ACCOUNTS_PER_POST = 10;

  private static final String CLAIMED = "omnipost_publisher_targets_claimed_total";

  private final ApiClient api;
  private final String operatorToken;
  private final String publisherMetricsUrl;

  /**
   * @param publisherMetricsUrl the publisher-worker's Prometheus endpoint: its claimed-targets
   *     counter tells when the scheduler claimed the burst
   */
  BurstPublish(ApiClient api, String operatorToken, String publisherMetricsUrl) {
    this.api = api;
    this.operatorToken = operatorToken;
    this.publisherMetricsUrl = publisherMetricsUrl;
  }

  Result run(int accounts, int targetsPerAccount, Duration latency, Duration timeout) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Workspace> workspaces = new ArrayList<>();
    for (int created = 0; created < accounts; created += ACCOUNTS_PER_WORKSPACE) {
      workspaces.add(workspace(run, Math.min(ACCOUNTS_PER_WORKSPACE, accounts - created)));
    }
    System.out.printf("burst: %d accounts in %d workspaces ready%n", accounts, workspaces.size());
    Instant due = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    int targets = 0;
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<Boolean>> posts = new ArrayList<>();
    for (Workspace workspace : workspaces) {
      int groups = (workspace.accountIds().size() + ACCOUNTS_PER_POST - 1) / ACCOUNTS_PER_POST;
      for (int round = 0; round < targetsPerAccount; round++) {
        for (int group = 0; group < groups; group++) {
          List<String> ids =
              workspace
                  .accountIds()
                  .subList(
                      group * ACCOUNTS_PER_POST,
                      Math.min((group + 1) * ACCOUNTS_PER_POST, workspace.accountIds().size()));
          targets += ids.size();
          String text =
              "burst-" + run + " " + workspace.name() + " round " + round + " group " + group;
          inFlight.acquireUninterruptibly();
          posts.add(
              api.createPost(workspace.apiKey(), text, ids, due.toString())
                  .whenComplete((ok, failure) -> inFlight.release()));
        }
      }
    }
    long accepted = posts.stream().filter(CompletableFuture::join).count();
    System.out.printf(
        "burst: %d posts (%d targets) accepted of %d, all due at %s%n",
        accepted, targets, posts.size(), due);
    if (Instant.now().isAfter(due)) {
      System.out.println("burst: WARNING creating the posts took longer than the 30 s margin");
    }
    long rateLimitedBefore = rateLimited();
    long claimedBefore = claimed();
    setLatency(latency);
    try {
      Claims claims = awaitClaims(claimedBefore, targets, due, timeout);
      Result published = await(run, targets, due, timeout, rateLimitedBefore);
      return new Result(
          published.targets(),
          claims.count(),
          published.published(),
          published.duplicates(),
          published.rateLimited(),
          claims.allAfter(),
          published.allPublishedAfter());
    } finally {
      setLatency(Duration.ZERO);
    }
  }

  private Result await(
      String run, int targets, Instant due, Duration timeout, long rateLimitedBefore) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> copies = new HashMap<>();
    Instant last = due;
    while (System.nanoTime() < deadline) {
      copies.clear();
      last = due;
      for (JsonNode post : api.get(api.sandboxUrl() + "/_sandbox/posts?platform=mastodon")) {
        String text = post.path("text").asString();
        if (text.startsWith("burst-" + run + " ")) {
          copies.merge(post.path("account_id").asString() + "|" + text, 1, Integer::sum);
          Instant at = Instant.parse(post.path("created_at").asString());
          last = at.isAfter(last) ? at : last;
        }
      }
      if (copies.size() >= targets) {
        break;
      }
      // "last" is the newest created_at, so polling less often loses no precision; each listing
      // of every Mastodon post (megabytes, under the simulator's lock) competes with the burst
      Pause.of(Duration.ofSeconds(5));
    }
    int duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
    return new Result(
        targets,
        0,
        copies.size(),
        duplicates,
        rateLimited() - rateLimitedBefore,
        Duration.ZERO,
        Duration.between(due, last));
  }

  private record Claims(long count, Duration allAfter) {}

  /**
   * Watches the scheduler's claimed counter from the due second until it rose by {@code targets}:
   * when the last target of the burst was claimed, read every 50 ms. Other claims in the same
   * window (another workload) would count too: run it on an otherwise idle stack.
   */
  private Claims awaitClaims(long before, int targets, Instant due, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long claimed = 0;
    while (System.nanoTime() < deadline) {
      claimed = claimed() - before;
      if (claimed >= targets) {
        return new Claims(claimed, Duration.between(due, Instant.now()));
      }
      Pause.of(Duration.ofMillis(50));
    }
    return new Claims(claimed, timeout);
  }

  private long claimed() {
    double total = 0;
    for (String line : api.getText(publisherMetricsUrl).split("\n")) {
      if (line.startsWith(CLAIMED)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) total;
  }

  private Workspace workspace(String run, int accounts) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    var created =
        api.post(
            api.gatewayUrl() + "/v1/admin/workspaces",
            operatorToken,
            Map.of("name", "Burst " + run + " " + suffix, "ai_credits", 0));
    String workspaceId = created.at("/data/workspace/id").asString();
    String apiKey = created.at("/data/api_key/key").asString();
    List<String> accountIds = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      String sandboxAccount = "burst-" + suffix + "-" + i;
      String token = "burst_token_" + suffix + "_" + i;
      api.post(
          api.sandboxUrl() + "/_sandbox/accounts",
          null,
          Map.of(
              "platform",
              "mastodon",
              "account_id",
              sandboxAccount,
              "username",
              "burst_" + suffix + "_" + i,
              "access_token",
              token));
      var account =
          api.post(
              api.gatewayUrl() + "/v1/admin/accounts",
              operatorToken,
              Map.of(
                  "workspace_id",
                  workspaceId,
                  "platform",
                  "mastodon",
                  "platform_account_id",
                  sandboxAccount,
                  "handle",
                  "@burst_" + suffix + "_" + i,
                  "name",
                  "Burst account",
                  "access_token",
                  token,
                  "settings",
                  Map.of("instance_url", api.sandboxUrl() + "/mastodon")));
      accountIds.add(account.at("/data/id").asString());
    }
    return new Workspace(suffix, apiKey, accountIds);
  }

  private void setLatency(Duration fixed) {
    api.put(
        api.sandboxUrl() + "/_sandbox/latency",
        Map.of("platform", "mastodon", "fixed_ms", fixed.toMillis(), "jitter_ms", 0));
  }

  private long rateLimited() {
    return api.get(api.sandboxUrl() + "/_sandbox/stats")
        .path("rate_limited")
        .path("mastodon")
        .asLong(0);
  }

  private record Workspace(String name, String apiKey, List<String> accountIds) {}
}

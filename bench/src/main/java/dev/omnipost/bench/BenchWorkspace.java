package dev.omnipost.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh workspace per benchmark run, made through the operator API with its own sandbox Mastodon
 * account, so runs don't disturb each other or the demo workspace. Its keys may make {@link
 * #RATE_LIMIT_PER_MINUTE} requests a minute, so a load test never meets the rate limit by accident.
 */
record BenchWorkspace(
    String workspaceId, String apiKey, String accountId, String sandboxAccountId) {

  /** A million requests a second: far above anything this harness can offer. */
  static final int RATE_LIMIT_PER_MINUTE = 60_000_000;

  static BenchWorkspace create(ApiClient api, String operatorToken) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String sandboxAccount = "bench-" + suffix;
    String token = "bench_token_" + suffix;
    api.post(
        api.sandboxUrl() + "/_sandbox/accounts",
        null,
        Map.of(
            "platform",
            "mastodon",
            "account_id",
            sandboxAccount,
            "username",
            "bench_" + suffix,
            "access_token",
            token));
    var created =
        api.post(
            api.gatewayUrl() + "/v1/admin/workspaces",
            operatorToken,
            Map.of(
                "name",
                "Benchmark " + suffix,
                "plan",
                "unlimited",
                "ai_credits",
                0,
                "rate_limit_per_minute",
                RATE_LIMIT_PER_MINUTE));
    String workspaceId = created.at("/data/workspace/id").asString();
    String apiKey = created.at("/data/api_key/key").asString();
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
                "@bench_" + suffix,
                "name",
                "Benchmark account",
                "access_token",
                token,
                "settings",
                Map.of("instance_url", api.sandboxUrl() + "/mastodon")));
    return new BenchWorkspace(
        workspaceId, apiKey, account.at("/data/id").asString(), sandboxAccount);
  }

  List<String> accountIds() {
    return List.of(accountId);
  }
}

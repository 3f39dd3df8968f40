package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import dev.omnipost.sandbox.control.SandboxAudience;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The "who am I" call each platform's client makes right after signing in, answered in the
 * platform's shape: X {@code /2/users/me}, LinkedIn {@code /v2/userinfo}, Pinterest {@code
 * /v5/user_account}, TikTok {@code /v2/user/info/}, YouTube {@code channels?mine=true}, Google
 * Business {@code /v1/accounts}, Threads {@code /v1.0/me}, Mastodon {@code verify_credentials}.
 */
@Component
class Identities {

  private final SandboxAccounts accounts;
  private final SandboxAudience audience;

  Identities(SandboxAccounts accounts, SandboxAudience audience) {
    this.accounts = accounts;
    this.audience = audience;
  }

  Answer whoAmI(OAuthPlatform platform, String bearer) {
    SandboxAccount account = accounts.findByToken(platform.platform(), bearer).orElse(null);
    if (account == null) {
      return unauthorized(platform);
    }
    String id = account.accountId();
    String username = account.username();
    return Answer.ok(
        switch (platform.platform()) {
          case "twitter" ->
              Map.of("data", Map.of("id", id, "name", username, "username", username));
          case "linkedin" ->
              Map.of(
                  "sub", id, "name", username, "locale", Map.of("country", "US", "language", "en"));
          case "pinterest" ->
              Map.of(
                  "account_type",
                  "BUSINESS",
                  "id",
                  id,
                  "username",
                  username,
                  "business_name",
                  username);
          case "tiktok" ->
              Map.of(
                  "data",
                      Map.of(
                          "user",
                          Map.of(
                              "open_id",
                              id,
                              "union_id",
                              "u" + id,
                              "display_name",
                              username,
                              "username",
                              username)),
                  "error", Map.of("code", "ok", "message", "", "log_id", OAuthStore.token("")));
          case "youtube" ->
              Map.of(
                  "kind", "youtube#channelListResponse",
                  "pageInfo", Map.of("totalResults", 1, "resultsPerPage", 5),
                  "items",
                      List.of(
                          Map.of(
                              "kind",
                              "youtube#channel",
                              "id",
                              id,
                              "snippet",
                              Map.of("title", username, "customUrl", "@" + username))));
          case "google_business" ->
              Map.of(
                  "accounts",
                  List.of(
                      Map.of(
                          "name",
                          "accounts/" + id,
                          "accountName",
                          username,
                          "type",
                          "LOCATION_GROUP",
                          "verificationState",
                          "VERIFIED")));
          case "threads" -> Map.of("id", id, "username", username);
          case "mastodon" ->
              Map.of(
                  "id",
                  id,
                  "username",
                  username,
                  "acct",
                  username,
                  "display_name",
                  username,
                  "followers_count",
                  audience.followers(account),
                  "following_count",
                  12,
                  "statuses_count",
                  0);
          default ->
              Map.of("id", id, "username", username, "acct", username, "display_name", username);
        });
  }

  /**
   * Google's Business Information API {@code GET /v1/accounts/{a}/locations}: every simulated
   * Business Profile account has the same two locations, named from its account id (the local posts
   * simulator takes any location of the token's account).
   */
  Answer locations(OAuthPlatform platform, String bearer, String accountId) {
    SandboxAccount account = accounts.findByToken(platform.platform(), bearer).orElse(null);
    if (account == null) {
      return unauthorized(platform);
    }
    if (!account.accountId().equals(accountId)) {
      return Answer.json(
          403,
          Map.of(
              "error",
              Map.of(
                  "code",
                  403,
                  "status",
                  "PERMISSION_DENIED",
                  "message",
                  "The caller does not have permission")));
    }
    String digits = accountId.replaceAll("\\D", "");
    return Answer.ok(
        Map.of(
            "locations",
            List.of(
                Map.of(
                    "name",
                    "locations/" + digits + "01",
                    "title",
                    account.username() + " Main Street"),
                Map.of(
                    "name",
                    "locations/" + digits + "02",
                    "title",
                    account.username() + " Harbour"))));
  }

  private static Answer unauthorized(OAuthPlatform platform) {
    return switch (platform.platform()) {
      case "twitter" ->
          Answer.json(
              401,
              Map.of(
                  "title",
                  "Unauthorized",
                  "type",
                  "about:blank",
                  "status",
                  401,
                  "detail",
                  "Unauthorized"));
      case "linkedin" ->
          Answer.json(
              401,
              Map.of(
                  "status",
                  401,
                  "serviceErrorCode",
                  65600,
                  "code",
                  "INVALID_ACCESS_TOKEN",
                  "message",
                  "Invalid access token"));
      case "pinterest" -> Answer.json(401, Map.of("code", 2, "message", "Authentication failed."));
      case "tiktok" ->
          Answer.json(
              401,
              Map.of(
                  "error",
                  Map.of(
                      "code",
                      "access_token_invalid",
                      "message",
                      "The access token is invalid or not found in the request.",
                      "log_id",
                      OAuthStore.token(""))));
      case "youtube", "google_business" ->
          Answer.json(
              401,
              Map.of(
                  "error",
                  Map.of(
                      "code",
                      401,
                      "status",
                      "UNAUTHENTICATED",
                      "message",
                      "Request had invalid authentication credentials.",
                      "errors",
                      List.of(Map.of("reason", "authError")))));
      case "threads" ->
          Answer.graphError(190, null, "Invalid OAuth access token - Cannot parse access token");
      default -> Answer.json(401, Map.of("error", "The access token is invalid"));
    };
  }
}

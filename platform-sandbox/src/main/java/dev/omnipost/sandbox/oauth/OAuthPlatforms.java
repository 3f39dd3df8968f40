package dev.omnipost.sandbox.oauth;

import dev.omnipost.sandbox.oauth.OAuthPlatform.Style;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The eleven platforms' sign-ins, one row each (see PLATFORMS.md). Lifetimes are the documented
 * ones; {@code omnipost.sandbox.oauth.lifetime-scale} shrinks them so a test can watch one expire.
 */
final class OAuthPlatforms {

  static final List<OAuthPlatform> ALL =
      List.of(
          new OAuthPlatform(
              "twitter",
              "/x",
              Style.STANDARD,
              "/i/oauth2/authorize",
              "/2/oauth2/token",
              "/2/oauth2/revoke",
              "/2/users/me",
              "client_id",
              true,
              Duration.ofHours(2),
              Duration.ofDays(180),
              true,
              true),
          new OAuthPlatform(
              "linkedin",
              "/linkedin",
              Style.STANDARD,
              "/oauth/v2/authorization",
              "/oauth/v2/accessToken",
              "/oauth/v2/revoke",
              "/v2/userinfo",
              "client_id",
              false,
              Duration.ofDays(60),
              Duration.ofDays(365),
              true,
              false),
          new OAuthPlatform(
              "pinterest",
              "/pinterest",
              Style.STANDARD,
              "/oauth/",
              "/v5/oauth/token",
              null,
              "/v5/user_account",
              "client_id",
              false,
              Duration.ofDays(30),
              Duration.ofDays(60),
              true,
              false),
          new OAuthPlatform(
              "tiktok",
              "/tiktok",
              Style.STANDARD,
              "/v2/auth/authorize/",
              "/v2/oauth/token/",
              "/v2/oauth/revoke/",
              "/v2/user/info/",
              "client_key",
              true,
              Duration.ofHours(24),
              Duration.ofDays(365),
              true,
              true),
          new OAuthPlatform(
              "youtube",
              "/youtube",
              Style.STANDARD,
              "/o/oauth2/v2/auth",
              "/token",
              "/revoke",
              "/youtube/v3/channels",
              "client_id",
              false,
              Duration.ofSeconds(3599),
              null,
              true,
              false),
          new OAuthPlatform(
              "google_business",
              "/google_business",
              Style.STANDARD,
              "/o/oauth2/v2/auth",
              "/token",
              "/revoke",
              "/v1/accounts",
              "client_id",
              false,
              Duration.ofSeconds(3599),
              null,
              true,
              false),
          new OAuthPlatform(
              "mastodon",
              "/mastodon",
              Style.MASTODON,
              "/oauth/authorize",
              "/oauth/token",
              "/oauth/revoke",
              "/api/v1/accounts/verify_credentials",
              "client_id",
              false,
              null,
              null,
              false,
              false),
          new OAuthPlatform(
              "threads",
              "/threads",
              Style.THREADS,
              "/oauth/authorize",
              "/oauth/access_token",
              null,
              "/v1.0/me",
              "client_id",
              false,
              Duration.ofDays(60),
              null,
              false,
              false),
          new OAuthPlatform(
              "facebook",
              "/facebook",
              Style.GRAPH,
              "/dialog/oauth",
              "/oauth/access_token",
              null,
              "/me",
              "client_id",
              false,
              Duration.ofDays(60),
              null,
              false,
              false),
          new OAuthPlatform(
              "instagram",
              "/instagram",
              Style.GRAPH,
              "/dialog/oauth",
              "/oauth/access_token",
              null,
              "/me",
              "client_id",
              false,
              Duration.ofDays(60),
              null,
              false,
              false),
          new OAuthPlatform(
              "bluesky",
              "/bluesky",
              Style.BLUESKY,
              null,
              "/xrpc/com.atproto.server.createSession",
              "/xrpc/com.atproto.server.deleteSession",
              null,
              null,
              false,
              Duration.ofHours(2),
              Duration.ofDays(90),
              true,
              true));

  private static final Map<String, OAuthPlatform> BY_ID =
      ALL.stream().collect(Collectors.toMap(OAuthPlatform::platform, Function.identity()));

  /** A Graph or Threads short-lived user token's lifetime, before the long-lived exchange. */
  static final Duration SHORT_LIVED = Duration.ofHours(1);

  private OAuthPlatforms() {}

  static Optional<OAuthPlatform> byId(String platform) {
    return Optional.ofNullable(platform == null ? null : BY_ID.get(platform));
  }
}

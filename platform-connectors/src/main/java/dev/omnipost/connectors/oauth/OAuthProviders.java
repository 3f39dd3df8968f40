package dev.omnipost.connectors.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.oauth.OAuthProvider.Endpoint;
import dev.omnipost.connectors.oauth.OAuthProvider.Style;
import java.util.EnumMap;
import java.util.Map;

/** The eleven platforms' sign-ins as their documentation describes them (PLATFORMS.md). */
public final class OAuthProviders {

  private static final Map<Platform, OAuthProvider> ALL = new EnumMap<>(Platform.class);

  static {
    String graph = "https://graph.facebook.com";
    String google = "https://accounts.google.com";
    put(
        new OAuthProvider(
            Platform.TWITTER,
            Style.STANDARD,
            new Endpoint("https://x.com", "/i/oauth2/authorize"),
            new Endpoint("https://api.x.com", "/2/oauth2/token"),
            new Endpoint("https://api.x.com", "/2/oauth2/revoke"),
            new Endpoint("https://api.x.com", "/2/users/me"),
            "tweet.read tweet.write users.read media.write dm.read dm.write offline.access",
            true,
            true,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.LINKEDIN,
            Style.STANDARD,
            new Endpoint("https://www.linkedin.com", "/oauth/v2/authorization"),
            new Endpoint("https://www.linkedin.com", "/oauth/v2/accessToken"),
            new Endpoint("https://www.linkedin.com", "/oauth/v2/revoke"),
            new Endpoint("https://api.linkedin.com", "/v2/userinfo"),
            "openid profile w_member_social",
            false,
            false,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.PINTEREST,
            Style.STANDARD,
            new Endpoint("https://www.pinterest.com", "/oauth/"),
            new Endpoint("https://api.pinterest.com", "/v5/oauth/token"),
            null,
            new Endpoint("https://api.pinterest.com", "/v5/user_account"),
            "boards:read,pins:read,pins:write,user_accounts:read",
            false,
            true,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.TIKTOK,
            Style.STANDARD,
            new Endpoint("https://www.tiktok.com", "/v2/auth/authorize/"),
            new Endpoint("https://open.tiktokapis.com", "/v2/oauth/token/"),
            new Endpoint("https://open.tiktokapis.com", "/v2/oauth/revoke/"),
            new Endpoint(
                "https://open.tiktokapis.com",
                "/v2/user/info/?fields=open_id,display_name,username"),
            "user.info.basic,video.publish,video.upload",
            true,
            false,
            "client_key",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.YOUTUBE,
            Style.STANDARD,
            new Endpoint(google, "/o/oauth2/v2/auth"),
            new Endpoint("https://oauth2.googleapis.com", "/token"),
            new Endpoint("https://oauth2.googleapis.com", "/revoke"),
            new Endpoint(
                "https://www.googleapis.com", "/youtube/v3/channels?part=snippet&mine=true"),
            "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.force-ssl",
            true,
            false,
            "client_id",
            Map.of("access_type", "offline", "prompt", "consent")));
    put(
        new OAuthProvider(
            Platform.GOOGLE_BUSINESS,
            Style.STANDARD,
            new Endpoint(google, "/o/oauth2/v2/auth"),
            new Endpoint("https://oauth2.googleapis.com", "/token"),
            new Endpoint("https://oauth2.googleapis.com", "/revoke"),
            new Endpoint("https://mybusinessaccountmanagement.googleapis.com", "/v1/accounts"),
            "https://www.googleapis.com/auth/business.manage",
            true,
            false,
            "client_id",
            Map.of("access_type", "offline", "prompt", "consent")));
    put(
        new OAuthProvider(
            Platform.THREADS,
            Style.THREADS,
            new Endpoint("https://threads.net", "/oauth/authorize"),
            new Endpoint("https://graph.threads.net", "/oauth/access_token"),
            null,
            new Endpoint("https://graph.threads.net", "/v1.0/me?fields=id,username"),
            "threads_basic,threads_content_publish,threads_manage_replies",
            false,
            false,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.FACEBOOK,
            Style.GRAPH,
            new Endpoint("https://www.facebook.com", "/v21.0/dialog/oauth"),
            new Endpoint(graph, "/v21.0/oauth/access_token"),
            null,
            new Endpoint(graph, "/v21.0/me/accounts?fields=id,name,access_token"),
            "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement",
            false,
            false,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.INSTAGRAM,
            Style.GRAPH,
            new Endpoint("https://www.facebook.com", "/v21.0/dialog/oauth"),
            new Endpoint(graph, "/v21.0/oauth/access_token"),
            null,
            new Endpoint(
                graph,
                "/v21.0/me/accounts?fields=id,name,access_token,instagram_business_account{id,username}"),
            "instagram_basic,instagram_content_publish,instagram_manage_comments,pages_show_list,business_management",
            false,
            false,
            "client_id",
            Map.of()));
    // Mastodon's host is the account's instance, given when connecting
    put(
        new OAuthProvider(
            Platform.MASTODON,
            Style.MASTODON,
            new Endpoint(null, "/oauth/authorize"),
            new Endpoint(null, "/oauth/token"),
            new Endpoint(null, "/oauth/revoke"),
            new Endpoint(null, "/api/v1/accounts/verify_credentials"),
            "read write",
            true,
            false,
            "client_id",
            Map.of()));
    put(
        new OAuthProvider(
            Platform.BLUESKY,
            Style.BLUESKY,
            null,
            new Endpoint("https://bsky.social", "/xrpc/com.atproto.server.createSession"),
            new Endpoint("https://bsky.social", "/xrpc/com.atproto.server.deleteSession"),
            null,
            "",
            false,
            false,
            null,
            Map.of()));
  }

  private OAuthProviders() {}

  private static void put(OAuthProvider provider) {
    ALL.put(provider.platform(), provider);
  }

  public static OAuthProvider of(Platform platform) {
    return ALL.get(platform);
  }
}

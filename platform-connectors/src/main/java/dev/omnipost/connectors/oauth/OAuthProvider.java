package dev.omnipost.connectors.oauth;

import dev.omnipost.connectors.Platform;
import java.util.Map;

/**
 * How to sign in to one platform: its endpoints (host and path, so the platform sandbox can stand
 * in for every host of a platform at once), scopes, whether PKCE is sent, how the app
 * authenticates, and which wire family the token answers belong to.
 *
 * @param scopeSeparator a space for RFC 6749 platforms, a comma for Meta, TikTok and Pinterest
 */
public record OAuthProvider(
    Platform platform,
    Style style,
    Endpoint authorize,
    Endpoint token,
    Endpoint revoke,
    Endpoint identity,
    String scopes,
    boolean pkce,
    boolean basicClientAuth,
    String clientIdParam,
    Map<String, String> extraAuthorizeParams) {

  /** The families of sign-in the eleven platforms fall into. */
  public enum Style {
    /** RFC 6749 code flow with refresh tokens. */
    STANDARD,
    /** RFC 6749 with the app registered on each instance first; tokens never expire. */
    MASTODON,
    /**
     * Facebook Login: short- then long-lived user token, then the Pages (and Instagram accounts).
     */
    GRAPH,
    /** Threads: a 1-hour token exchanged for 60 days, refreshed with {@code th_refresh_token}. */
    THREADS,
    /** AT Protocol sessions from an app password. */
    BLUESKY
  }

  /** One endpoint: a host (replaceable) and a path. */
  public record Endpoint(String host, String path) {

    public String url(String hostOverride) {
      return (hostOverride != null ? hostOverride : host) + path;
    }
  }

  /** True where a refresh keeps an account's access alive (Graph Page tokens never expire). */
  public boolean refreshes() {
    return style == Style.STANDARD || style == Style.THREADS || style == Style.BLUESKY;
  }
}

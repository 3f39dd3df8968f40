package dev.omnipost.sandbox.oauth;

import java.time.Duration;

/**
 * How one platform's sign-in works, as far as the sandbox simulates it: where its endpoints are
 * (under the platform's prefix in the sandbox, which stands for the platform's hosts), which body
 * shapes it speaks, whether it insists on PKCE, how long its tokens live and whether a refresh
 * rotates the refresh token.
 *
 * @param prefix the sandbox path standing for the platform's hosts, e.g. {@code /x}
 * @param authorizePath the consent page, e.g. {@code /i/oauth2/authorize}
 * @param tokenPath the token endpoint (a {@code POST}, or a {@code GET} for Graph)
 * @param revokePath where a token is revoked, or {@code null}
 * @param identityPath the "who am I" call a client makes with a fresh access token
 * @param clientIdParam the authorize parameter naming the app ({@code client_key} on TikTok)
 * @param accessLifetime the access token's documented lifetime ({@code null}: it does not expire)
 * @param refreshLifetime the refresh token's lifetime ({@code null}: none or unbounded)
 */
record OAuthPlatform(
    String platform,
    String prefix,
    Style style,
    String authorizePath,
    String tokenPath,
    String revokePath,
    String identityPath,
    String clientIdParam,
    boolean pkceRequired,
    Duration accessLifetime,
    Duration refreshLifetime,
    boolean issuesRefreshToken,
    boolean rotatesRefreshToken) {

  /** The families of wire format the platforms' sign-ins fall into. */
  enum Style {
    /**
     * RFC 6749 form posts answering {@code access_token}, {@code expires_in}, {@code
     * refresh_token}.
     */
    STANDARD,
    /**
     * RFC 6749 with per-instance app registration ({@code POST /api/v1/apps}); tokens never expire.
     */
    MASTODON,
    /**
     * Graph: {@code GET /oauth/access_token}, {@code fb_exchange_token}, pages under {@code
     * /me/accounts}.
     */
    GRAPH,
    /**
     * Threads: code for a 1-hour token, {@code th_exchange_token} for 60 days, {@code
     * th_refresh_token}.
     */
    THREADS,
    /** AT Protocol sessions from an app password: {@code createSession}, {@code refreshSession}. */
    BLUESKY
  }
}

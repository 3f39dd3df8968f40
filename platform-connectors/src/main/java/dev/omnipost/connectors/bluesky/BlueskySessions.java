package dev.omnipost.connectors.bluesky;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The PDS sessions of the accounts this process publishes for. A Bluesky account is connected with
 * an app password (the account's stored token); a session ({@code createSession}) gives a
 * short-lived access JWT and a refresh JWT. Sessions are kept in memory per account and renewed
 * when the PDS refuses the access JWT: first {@code refreshSession} (rotating the refresh JWT),
 * else a new session from the app password. Only when the app password itself is refused is the
 * account's auth expired. {@code createSession} is tightly rate limited on Bluesky (30 per 5
 * minutes), which is why a session is reused rather than created per call.
 */
final class BlueskySessions {

  /** The account setting naming the login identifier (handle or DID); else the handle is used. */
  static final String IDENTIFIER = "identifier";

  /** One session: tokens, the account's DID and its current handle. */
  record Session(String accessJwt, String refreshJwt, String did, String handle) {}

  private final RestClient client;
  private final PlatformHttp http;
  private final String pdsUrl;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  BlueskySessions(RestClient client, PlatformHttp http, String pdsUrl) {
    this.client = client;
    this.http = http;
    this.pdsUrl = pdsUrl;
  }

  /**
   * Runs {@code call} with the account's session; if the PDS refuses its access JWT, renews the
   * session once and runs {@code call} again (nothing was created by a refused call).
   */
  <T> T with(AccountCredentials account, Function<Session, T> call) {
    Session session = sessions.computeIfAbsent(account.accountId(), id -> create(account));
    try {
      return call.apply(session);
    } catch (AuthExpiredException refused) {
      return call.apply(renew(account, session));
    }
  }

  private Session renew(AccountCredentials account, Session stale) {
    Session renewed;
    try {
      renewed =
          read(
              http.call(
                      client
                          .post()
                          .uri(pdsUrl + "/xrpc/com.atproto.server.refreshSession")
                          .headers(h -> h.setBearerAuth(stale.refreshJwt())))
                  .body());
    } catch (AuthExpiredException | PermanentPlatformException refreshRefused) {
      sessions.remove(account.accountId(), stale);
      renewed = create(account);
    }
    sessions.put(account.accountId(), renewed);
    return renewed;
  }

  private Session create(AccountCredentials account) {
    String identifier = account.setting(IDENTIFIER);
    if (identifier == null || identifier.isBlank()) {
      identifier = account.handle() != null ? account.handle() : account.platformAccountId();
    }
    if (identifier == null || account.accessToken() == null) {
      throw new AuthExpiredException(
          Platform.BLUESKY, 0, "the Bluesky account has no identifier or app password", null);
    }
    JsonNode session =
        http.call(
                client
                    .post()
                    .uri(pdsUrl + "/xrpc/com.atproto.server.createSession")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("identifier", identifier, "password", account.accessToken())))
            .body();
    return read(session);
  }

  private static Session read(JsonNode session) {
    return new Session(
        JsonText.of(session, "accessJwt"),
        JsonText.of(session, "refreshJwt"),
        JsonText.of(session, "did"),
        JsonText.of(session, "handle"));
  }
}

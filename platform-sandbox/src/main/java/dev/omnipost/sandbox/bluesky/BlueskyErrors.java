package dev.omnipost.sandbox.bluesky;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An XRPC error, {@code {"error": "<Name>", "message": "..."}}, thrown by the simulated endpoints
 * with the HTTP status the reference PDS uses.
 */
class BlueskyErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final String error;

  BlueskyErrors(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  int status() {
    return status;
  }

  String body() {
    return JSON.writeValueAsString(Map.of("error", error, "message", getMessage()));
  }

  static BlueskyErrors invalidRequest(String message) {
    return new BlueskyErrors(400, "InvalidRequest", message);
  }

  static BlueskyErrors authenticationRequired() {
    return new BlueskyErrors(401, "AuthenticationRequired", "Invalid identifier or password");
  }

  static BlueskyErrors invalidToken() {
    return new BlueskyErrors(401, "InvalidToken", "Bad token scope");
  }

  static BlueskyErrors expiredToken() {
    return new BlueskyErrors(400, "ExpiredToken", "Token has expired");
  }

  static BlueskyErrors rateLimited() {
    return new BlueskyErrors(429, "RateLimitExceeded", "Rate Limit Exceeded");
  }

  static BlueskyErrors recordNotFound(String uri) {
    return new BlueskyErrors(400, "RecordNotFound", "Could not locate record: " + uri);
  }

  /** What the PDS answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    BlueskyErrors error =
        switch (status) {
          case 400 -> invalidRequest("Injected by the sandbox");
          case 401 -> invalidToken();
          case 403 -> new BlueskyErrors(403, "Forbidden", "Forbidden");
          case 413 -> new BlueskyErrors(413, "PayloadTooLarge", "request entity too large");
          case 429 -> rateLimited();
          case 502 -> new BlueskyErrors(502, "UpstreamFailure", "Upstream Failure");
          case 503 -> new BlueskyErrors(503, "NotEnoughResources", "Not Enough Resources");
          default ->
              new BlueskyErrors(
                  status,
                  status >= 500 ? "InternalServerError" : "InvalidRequest",
                  status >= 500 ? "Internal Server Error" : "Bad request");
        };
    return error.body();
  }
}

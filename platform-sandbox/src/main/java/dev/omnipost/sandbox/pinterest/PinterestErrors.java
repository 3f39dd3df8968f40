package dev.omnipost.sandbox.pinterest;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pinterest's error body {@code {"code": <int>, "message": "..."}}, thrown by the simulated
 * endpoints with the HTTP status Pinterest uses. Codes other than 2 (authentication) are the
 * sandbox's choice.
 */
class PinterestErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final int code;

  PinterestErrors(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", getMessage());
    return JSON.writeValueAsString(body);
  }

  static PinterestErrors authenticationFailed() {
    return new PinterestErrors(401, 2, "Authentication failed.");
  }

  static PinterestErrors invalid(String message) {
    return new PinterestErrors(400, 1, "Invalid parameters. " + message);
  }

  static PinterestErrors boardNotFound() {
    return new PinterestErrors(404, 40, "Board not found.");
  }

  static PinterestErrors pinNotFound() {
    return new PinterestErrors(404, 50, "Pin not found.");
  }

  static PinterestErrors mediaNotFound() {
    return new PinterestErrors(404, 4041, "Media not found.");
  }

  static PinterestErrors rateLimited() {
    return new PinterestErrors(429, 8, "You have exceeded your rate limit. Try again later.");
  }

  /** What Pinterest answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    PinterestErrors error =
        switch (status) {
          case 400 -> invalid("Injected by the sandbox.");
          case 401 -> authenticationFailed();
          case 403 -> new PinterestErrors(403, 3, "Authorization failed.");
          case 404 -> pinNotFound();
          case 429 -> rateLimited();
          case 503 -> new PinterestErrors(503, 503, "Service unavailable. Please try again later.");
          default ->
              new PinterestErrors(
                  status, status, status >= 500 ? "Something went wrong." : "Bad request.");
        };
    return error.body();
  }
}

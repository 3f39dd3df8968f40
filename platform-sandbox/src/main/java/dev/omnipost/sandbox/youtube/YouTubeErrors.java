package dev.omnipost.sandbox.youtube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's error body as the YouTube Data API sends it: {@code {"error": {"code", "message",
 * "errors": [{"message", "domain", "reason"}], "status"?}}}, thrown with the HTTP status YouTube
 * uses for the reason.
 */
class YouTubeErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final String domain;
  private final String reason;
  private final String grpcStatus;

  YouTubeErrors(int status, String domain, String reason, String message, String grpcStatus) {
    super(message);
    this.status = status;
    this.domain = domain;
    this.reason = reason;
    this.grpcStatus = grpcStatus;
  }

  int status() {
    return status;
  }

  String body() {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("message", getMessage());
    item.put("domain", domain);
    item.put("reason", reason);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", getMessage());
    error.put("errors", List.of(item));
    if (grpcStatus != null) {
      error.put("status", grpcStatus);
    }
    return JSON.writeValueAsString(Map.of("error", error));
  }

  static YouTubeErrors unauthenticated() {
    return new YouTubeErrors(
        401,
        "global",
        "authError",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
            + " cookie or other valid authentication credential.",
        "UNAUTHENTICATED");
  }

  static YouTubeErrors quotaExceeded() {
    return new YouTubeErrors(
        403,
        "youtube.quota",
        "quotaExceeded",
        "The request cannot be completed because you have exceeded your quota.",
        null);
  }

  static YouTubeErrors rateLimitExceeded() {
    return new YouTubeErrors(
        403,
        "usageLimits",
        "rateLimitExceeded",
        "The request cannot be completed because you have exceeded your rate limit.",
        null);
  }

  static YouTubeErrors invalid(String reason, String message) {
    return new YouTubeErrors(400, "youtube.video", reason, message, null);
  }

  static YouTubeErrors videoNotFound() {
    return new YouTubeErrors(
        404,
        "youtube.video",
        "videoNotFound",
        "The video identified by the id parameter could not be found.",
        null);
  }

  static YouTubeErrors forbidden(String message) {
    return new YouTubeErrors(403, "youtube.common", "forbidden", message, null);
  }

  /** What YouTube answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    YouTubeErrors error =
        switch (status) {
          case 400 -> invalid("invalidVideoMetadata", "Injected by the sandbox.");
          case 401 -> unauthenticated();
          case 403 -> quotaExceeded();
          case 404 -> videoNotFound();
          case 429 ->
              new YouTubeErrors(
                  429,
                  "usageLimits",
                  "rateLimitExceeded",
                  "The request cannot be completed because you have exceeded your rate limit.",
                  "RESOURCE_EXHAUSTED");
          case 503 ->
              new YouTubeErrors(503, "global", "backendError", "Backend Error", "UNAVAILABLE");
          default ->
              new YouTubeErrors(
                  status,
                  "global",
                  status >= 500 ? "backendError" : "badRequest",
                  status >= 500 ? "Backend Error" : "Bad Request",
                  null);
        };
    return error.body();
  }
}

package dev.omnipost.sandbox.googlebusiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's API error {@code {"error": {"code", "message", "status", "details": [...]}}} as the
 * Business Profile API sends it: validation problems as {@code
 * google.mybusiness.v4.ValidationError} details naming the field, quota refusals as {@code
 * RESOURCE_EXHAUSTED} with {@code google.rpc.ErrorInfo} and {@code google.rpc.RetryInfo} (the
 * seconds until the window resets).
 */
class GoogleBusinessErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final String grpcStatus;
  private final List<Map<String, Object>> details;

  GoogleBusinessErrors(
      int status, String grpcStatus, String message, List<Map<String, Object>> details) {
    super(message);
    this.status = status;
    this.grpcStatus = grpcStatus;
    this.details = details;
  }

  int status() {
    return status;
  }

  String body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", getMessage());
    error.put("status", grpcStatus);
    if (!details.isEmpty()) {
      error.put("details", details);
    }
    return JSON.writeValueAsString(Map.of("error", error));
  }

  static GoogleBusinessErrors unauthenticated() {
    return new GoogleBusinessErrors(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
            + " cookie or other valid authentication credential.",
        List.of());
  }

  static GoogleBusinessErrors permissionDenied() {
    return new GoogleBusinessErrors(
        403, "PERMISSION_DENIED", "The caller does not have permission", List.of());
  }

  static GoogleBusinessErrors notFound() {
    return new GoogleBusinessErrors(404, "NOT_FOUND", "Requested entity was not found.", List.of());
  }

  /** A {@code ValidationError} naming the field, as the v4 API reports bad posts. */
  static GoogleBusinessErrors invalid(String field, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("@type", "type.googleapis.com/google.mybusiness.v4.ValidationError");
    detail.put("errorDetails", List.of(Map.of("code", 3, "field", field, "message", message)));
    return new GoogleBusinessErrors(
        400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(detail));
  }

  static GoogleBusinessErrors exhausted(String limit, long retrySeconds) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "RATE_LIMIT_EXCEEDED");
    info.put("domain", "googleapis.com");
    info.put(
        "metadata",
        Map.of(
            "quota_limit", limit,
            "quota_metric", "mybusiness.googleapis.com/default_requests",
            "service", "mybusiness.googleapis.com"));
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("@type", "type.googleapis.com/google.rpc.RetryInfo");
    retry.put("retryDelay", retrySeconds + "s");
    return new GoogleBusinessErrors(
        429,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Requests' and limit '"
            + limit
            + "' of service 'mybusiness.googleapis.com'.",
        List.of(info, retry));
  }

  /** What Google answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    GoogleBusinessErrors error =
        switch (status) {
          case 400 -> invalid("summary", "Injected by the sandbox.");
          case 401 -> unauthenticated();
          case 403 -> permissionDenied();
          case 404 -> notFound();
          case 429 -> exhausted("DefaultRequestsPerMinutePerProject", 30);
          case 503 ->
              new GoogleBusinessErrors(
                  503, "UNAVAILABLE", "The service is currently unavailable.", List.of());
          default ->
              new GoogleBusinessErrors(
                  status,
                  status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
                  status >= 500 ? "Internal error encountered." : "Precondition check failed.",
                  List.of());
        };
    return error.body();
  }
}

package dev.omnipost.sandbox.linkedin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * LinkedIn's error bodies: {@code {"status","serviceErrorCode","code","message"}}, and for invalid
 * input the {@code errorDetailType} / {@code errorDetails.inputErrors} shape; thrown by the
 * simulated endpoints with the HTTP status LinkedIn uses.
 */
class LinkedInErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final String body;

  private LinkedInErrors(int status, String message, String body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  static LinkedInErrors invalidToken() {
    return coded(401, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token");
  }

  static LinkedInErrors versionMissing() {
    return coded(
        400,
        null,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
  }

  static LinkedInErrors versionNotActive(String version) {
    return coded(
        426, null, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
  }

  static LinkedInErrors accessDenied(String what) {
    return coded(403, 100, "ACCESS_DENIED", "Not enough permissions to access: " + what);
  }

  static LinkedInErrors dailyLimit() {
    return coded(
        429,
        101,
        "TOO_MANY_REQUESTS",
        "Resource level throttle MEMBER DAY limit for calls to this resource is reached.");
  }

  static LinkedInErrors notFound(String message) {
    return coded(404, null, "NOT_FOUND", message);
  }

  static LinkedInErrors invalidInput(String fieldPath, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorDetailType", "com.linkedin.common.error.BadRequest");
    error.put("message", message);
    error.put(
        "errorDetails",
        Map.of(
            "inputErrors",
            List.of(
                Map.of(
                    "description",
                    message,
                    "input",
                    Map.of("inputPath", Map.of("fieldPath", fieldPath)),
                    "code",
                    code))));
    error.put("status", 422);
    return new LinkedInErrors(422, message, JSON.writeValueAsString(error));
  }

  static LinkedInErrors duplicate(String existingUrn) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorDetailType", "com.linkedin.common.error.BadRequest");
    error.put("message", "Content is a duplicate of " + existingUrn);
    error.put(
        "errorDetails",
        Map.of(
            "inputErrors",
            List.of(
                Map.of(
                    "description",
                    "Duplicate post is detected",
                    "input",
                    Map.of(),
                    "code",
                    "DUPLICATE_POST"))));
    error.put("status", 422);
    return new LinkedInErrors(422, "duplicate", JSON.writeValueAsString(error));
  }

  static LinkedInErrors badRequest(String message) {
    return coded(400, null, null, message);
  }

  /** What LinkedIn answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    return switch (status) {
      case 401 -> invalidToken().body();
      case 403 -> accessDenied("partnerApiPostsExternal.CREATE").body();
      case 404 -> notFound("Not Found").body();
      case 422 -> invalidInput("commentary", "INVALID_VALUE", "Invalid commentary").body();
      case 429 -> dailyLimit().body();
      case 500 -> coded(500, null, null, "Internal Server Error").body();
      case 503 -> coded(503, null, null, "Service Unavailable").body();
      case 504 -> coded(504, null, null, "Gateway Timeout").body();
      default -> coded(status, null, null, status >= 500 ? "Server Error" : "Bad Request").body();
    };
  }

  private static LinkedInErrors coded(
      int status, Integer serviceCode, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", status);
    if (serviceCode != null) {
      error.put("serviceErrorCode", serviceCode);
    }
    if (code != null) {
      error.put("code", code);
    }
    error.put("message", message);
    return new LinkedInErrors(status, message, JSON.writeValueAsString(error));
  }
}

package dev.omnipost.sandbox.instagram;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Graph API error: {@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}},
 * thrown by the simulated endpoints and rendered with the HTTP status Graph uses.
 */
class GraphError extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TRACE_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final int httpStatus;
  private final String type;
  private final int code;
  private final Integer subcode;
  private final String userTitle;
  private final String userMessage;
  private final boolean isTransient;

  GraphError(
      int httpStatus,
      String message,
      String type,
      int code,
      Integer subcode,
      String userTitle,
      String userMessage,
      boolean isTransient) {
    super(message);
    this.httpStatus = httpStatus;
    this.type = type;
    this.code = code;
    this.subcode = subcode;
    this.userTitle = userTitle;
    this.userMessage = userMessage;
    this.isTransient = isTransient;
  }

  static GraphError invalidParameter(String message) {
    return new GraphError(400, message, "OAuthException", 100, null, null, null, false);
  }

  static GraphError noSuchObject(String id, String verb) {
    return new GraphError(
        400,
        "Unsupported "
            + verb
            + " request. Object with ID '"
            + id
            + "' does not exist, cannot be "
            + "loaded due to missing permissions, or does not support this operation. Please read "
            + "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        "GraphMethodException",
        100,
        33,
        null,
        null,
        false);
  }

  static GraphError nonexistingField(String field, String nodeType) {
    return invalidParameter(
        "(#100) Tried accessing nonexisting field (" + field + ") on node type (" + nodeType + ")");
  }

  static GraphError invalidToken() {
    return new GraphError(
        400,
        "Invalid OAuth access token - Cannot parse access token",
        "OAuthException",
        190,
        null,
        null,
        null,
        false);
  }

  static GraphError missingToken() {
    return new GraphError(
        400,
        "An active access token must be used to query information about the current user.",
        "OAuthException",
        2500,
        null,
        null,
        null,
        false);
  }

  static GraphError mediaFetchFailed(String url) {
    return new GraphError(
        400,
        "Media download has failed.",
        "OAuthException",
        9004,
        2207052,
        "Media download has failed.",
        "The media could not be fetched from this uri: " + url,
        false);
  }

  static GraphError captionTooLong(int limit) {
    return new GraphError(
        400,
        "Invalid parameter",
        "OAuthException",
        100,
        2207010,
        "Caption too long",
        "The caption you entered is too long. Captions can have at most " + limit + " characters.",
        false);
  }

  static GraphError notReady() {
    return new GraphError(
        400,
        "Media ID is not available",
        "OAuthException",
        9007,
        2207027,
        "Media ID is not available",
        "The media is not ready for publishing, please wait for a moment",
        false);
  }

  static GraphError publishLimitReached() {
    return new GraphError(
        400,
        "Application request limit reached",
        "OAuthException",
        9,
        2207042,
        "The maximum number of posts has been reached",
        "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
        false);
  }

  /** What Graph answers for an HTTP status when a test injects a failure without a body. */
  static GraphError forStatus(int status) {
    return switch (status) {
      case 401 ->
          new GraphError(
              401,
              "Error validating access token: The session has been invalidated because the user "
                  + "changed their password or Facebook has changed the session for security reasons.",
              "OAuthException",
              190,
              460,
              null,
              null,
              false);
      case 403 ->
          new GraphError(
              403,
              "(#10) Application does not have permission for this action",
              "OAuthException",
              10,
              null,
              null,
              null,
              false);
      case 429 ->
          new GraphError(
              429,
              "(#4) Application request limit reached",
              "OAuthException",
              4,
              null,
              null,
              null,
              true);
      case 500 ->
          new GraphError(
              500, "An unknown error occurred", "OAuthException", 1, 99, null, null, true);
      case 503 ->
          new GraphError(
              503,
              "(#2) Service temporarily unavailable",
              "OAuthException",
              2,
              null,
              null,
              null,
              true);
      default ->
          status >= 500
              ? new GraphError(
                  status,
                  "An unexpected error has occurred. Please retry your request later.",
                  "OAuthException",
                  2,
                  null,
                  null,
                  null,
                  true)
              : new GraphError(
                  status,
                  "(#100) Invalid parameter",
                  "OAuthException",
                  100,
                  null,
                  null,
                  null,
                  false);
    };
  }

  int httpStatus() {
    return httpStatus;
  }

  int code() {
    return code;
  }

  String body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("type", type);
    error.put("code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    error.put("is_transient", isTransient);
    if (userTitle != null) {
      error.put("error_user_title", userTitle);
    }
    if (userMessage != null) {
      error.put("error_user_msg", userMessage);
    }
    error.put("fbtrace_id", traceId());
    return JSON.writeValueAsString(Map.of("error", error));
  }

  private static String traceId() {
    StringBuilder id = new StringBuilder("A");
    for (int i = 0; i < 22; i++) {
      id.append(TRACE_ALPHABET.charAt(RANDOM.nextInt(TRACE_ALPHABET.length())));
    }
    return id.toString();
  }
}

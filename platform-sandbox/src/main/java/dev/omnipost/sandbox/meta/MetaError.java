package dev.omnipost.sandbox.meta;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error of Meta's Graph APIs (Facebook Pages, Threads): {@code
 * {"error":{"message","type","code","error_subcode","is_transient","error_user_msg","fbtrace_id"}}},
 * thrown by the simulated endpoints and rendered with the HTTP status Graph uses.
 */
public class MetaError extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TRACE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final int httpStatus;
  private final String type;
  private final int code;
  private final Integer subcode;
  private final String userMessage;
  private final boolean isTransient;

  public MetaError(
      int httpStatus,
      String message,
      String type,
      int code,
      Integer subcode,
      String userMessage,
      boolean isTransient) {
    super(message);
    this.httpStatus = httpStatus;
    this.type = type;
    this.code = code;
    this.subcode = subcode;
    this.userMessage = userMessage;
    this.isTransient = isTransient;
  }

  public static MetaError invalidParameter(String message) {
    return new MetaError(400, message, "OAuthException", 100, null, null, false);
  }

  public static MetaError noSuchObject(String id, String verb) {
    return new MetaError(
        400,
        "Unsupported "
            + verb
            + " request. Object with ID '"
            + id
            + "' does not exist, cannot be loaded due to missing permissions, or does not support"
            + " this operation.",
        "GraphMethodException",
        100,
        33,
        null,
        false);
  }

  public static MetaError invalidToken() {
    return new MetaError(
        400,
        "Invalid OAuth access token - Cannot parse access token",
        "OAuthException",
        190,
        null,
        null,
        false);
  }

  public static MetaError missingToken() {
    return new MetaError(
        400,
        "An active access token must be used to query information about the current user.",
        "OAuthException",
        2500,
        null,
        null,
        false);
  }

  /** What Graph answers for an injected HTTP status when the test gave no body. */
  public static MetaError forStatus(int status, int throttleCode) {
    return switch (status) {
      case 401 ->
          new MetaError(
              401,
              "Error validating access token: Session has expired on Tuesday, 01-Dec-26 10:00:00"
                  + " PST.",
              "OAuthException",
              190,
              463,
              null,
              false);
      case 403 ->
          new MetaError(403, "(#200) Permissions error", "OAuthException", 200, null, null, false);
      case 429 ->
          new MetaError(
              429,
              "(#" + throttleCode + ") Application request limit reached",
              "OAuthException",
              throttleCode,
              null,
              null,
              true);
      case 500 ->
          new MetaError(500, "An unknown error occurred", "OAuthException", 1, 99, null, true);
      case 503 ->
          new MetaError(
              503, "(#2) Service temporarily unavailable", "OAuthException", 2, null, null, true);
      default ->
          status >= 500
              ? new MetaError(
                  status,
                  "An unexpected error has occurred. Please retry your request later.",
                  "OAuthException",
                  2,
                  null,
                  null,
                  true)
              : invalidParameter("(#100) Invalid parameter");
    };
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  public String body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("type", type);
    error.put("code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    error.put("is_transient", isTransient);
    if (userMessage != null) {
      error.put("error_user_msg", userMessage);
    }
    StringBuilder trace = new StringBuilder("A");
    for (int i = 0; i < 22; i++) {
      trace.append(TRACE.charAt(RANDOM.nextInt(TRACE.length())));
    }
    error.put("fbtrace_id", trace.toString());
    return JSON.writeValueAsString(Map.of("error", error));
  }
}

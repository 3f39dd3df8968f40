package dev.omnipost.sandbox.tiktok;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * TikTok's v2 answer shape {@code {"data": {...}, "error": {"code", "message", "log_id"}}}, where a
 * success carries {@code code: "ok"}; thrown by the simulated endpoints with TikTok's HTTP status.
 */
class TikTokErrors extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int status;
  private final String code;

  TikTokErrors(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", Map.of());
    body.put("error", error(code, getMessage()));
    return JSON.writeValueAsString(body);
  }

  /** The {@code error} object of an answer; {@code ok} with an empty message on success. */
  static Map<String, Object> error(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("log_id", UUID.randomUUID().toString().replace("-", "").toUpperCase());
    return error;
  }

  /** A success: {@code data} and {@code error.code = "ok"}. */
  static Map<String, Object> ok(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("error", error("ok", ""));
    return body;
  }

  static TikTokErrors tokenInvalid() {
    return new TikTokErrors(
        401, "access_token_invalid", "The access token is invalid or not found in the request.");
  }

  static TikTokErrors invalid(String message) {
    return new TikTokErrors(400, "invalid_params", message);
  }

  static TikTokErrors privacyMismatch(String level) {
    return new TikTokErrors(
        400,
        "privacy_level_option_mismatch",
        "privacy_level " + level + " is not one of the creator's privacy_level_options.");
  }

  static TikTokErrors tooManyPosts() {
    return new TikTokErrors(
        403,
        "spam_risk_too_many_posts",
        "The daily post cap from the API is reached for the current user.");
  }

  static TikTokErrors rateLimited() {
    return new TikTokErrors(
        429, "rate_limit_exceeded", "The API rate limit was exceeded. Please try again later.");
  }

  static TikTokErrors notFound(String publishId) {
    return new TikTokErrors(400, "invalid_publish_id", "publish_id " + publishId + " not found.");
  }

  /** What TikTok answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    TikTokErrors error =
        switch (status) {
          case 400 -> invalid("Injected by the sandbox.");
          case 401 -> tokenInvalid();
          case 403 ->
              new TikTokErrors(
                  403,
                  "unaudited_client_can_only_post_to_private_accounts",
                  "Unaudited clients can only post to private accounts.");
          case 429 -> rateLimited();
          default ->
              new TikTokErrors(
                  status,
                  status >= 500 ? "internal_error" : "invalid_params",
                  status >= 500 ? "Something went wrong. Please try again later." : "Bad request.");
        };
    return error.body();
  }
}

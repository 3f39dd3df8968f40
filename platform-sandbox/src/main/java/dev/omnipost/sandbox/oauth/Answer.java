package dev.omnipost.sandbox.oauth;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** What an OAuth endpoint answers: a JSON body with a status, or a redirect. */
record Answer(int status, String body, String location) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Answer json(int status, Object body) {
    return new Answer(status, JSON.writeValueAsString(body), null);
  }

  static Answer ok(Object body) {
    return json(200, body);
  }

  static Answer redirect(String location) {
    return new Answer(302, null, location);
  }

  /** RFC 6749 §5.2: {@code {"error": "...", "error_description": "..."}}. */
  static Answer oauthError(int status, String error, String description) {
    return json(status, Map.of("error", error, "error_description", description));
  }

  /** The Graph API's error shape (Facebook, Instagram, Threads). */
  static Answer graphError(int code, Integer subcode, String message) {
    Map<String, Object> error = new java.util.LinkedHashMap<>();
    error.put("message", message);
    error.put("type", "OAuthException");
    error.put("code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    error.put("fbtrace_id", OAuthStore.token("A"));
    return json(400, Map.of("error", error));
  }

  /** XRPC's error shape (Bluesky). */
  static Answer xrpcError(int status, String error, String message) {
    return json(status, Map.of("error", error, "message", message));
  }
}

package dev.omnipost.sandbox.mastodon;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Mastodon's error body: {@code {"error":"..."}}. */
final class MastodonErrors {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MastodonErrors() {}

  static String body(String message) {
    return JSON.writeValueAsString(Map.of("error", message));
  }

  /** What Mastodon says for a status when nothing more specific applies. */
  static String defaultBody(int status) {
    return body(
        switch (status) {
          case 400 -> "Bad request";
          case 401 -> "The access token is invalid";
          case 403 -> "This action is not allowed";
          case 404 -> "Record not found";
          case 410 -> "Gone";
          case 422 -> "Validation failed";
          case 429 -> "Too many requests";
          case 500 -> "We're sorry, but something went wrong on our end.";
          case 502 -> "Bad gateway";
          case 503 -> "Service unavailable";
          case 504 -> "Gateway timeout";
          default -> "Error " + status;
        });
  }
}

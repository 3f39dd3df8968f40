package dev.omnipost.gateway.auth;

import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Reads the credential a request presents: {@code Authorization: Bearer} or {@code X-API-Key}. */
final class Credentials {

  static final String API_KEY_HEADER = "X-API-Key";

  private Credentials() {}

  /** The API key, from the bearer token or else the {@code X-API-Key} header; null if neither. */
  static String apiKey(ServerHttpRequest request) {
    String bearer = bearer(request);
    if (bearer != null) {
      return bearer;
    }
    String header = request.getHeaders().getFirst(API_KEY_HEADER);
    return header == null || header.isBlank() ? null : header.trim();
  }

  /** The bearer token of the {@code Authorization} header; null if there is none. */
  static String bearer(ServerHttpRequest request) {
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.length() < 7) {
      return null;
    }
    if (!authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}

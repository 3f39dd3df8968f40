package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.web.ApiException;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses path spellings that a router and a filter could read differently: {@code ;} parameters,
 * encoded slashes, backslashes and dots, empty segments and dot segments. The API's own paths never
 * need them, so refusing them (400 {@code request.invalid_path}) costs no client anything and
 * leaves one spelling per route to authorize.
 */
final class RequestPaths {

  private RequestPaths() {}

  /** Throws 400 unless {@code rawPath} (as sent, not decoded) has one unambiguous reading. */
  static void requireCanonical(String rawPath) {
    String reason = problem(rawPath);
    if (reason != null) {
      throw ApiException.invalid(
          "request.invalid_path",
          "The request path is not in canonical form: " + reason,
          Map.of("path", rawPath));
    }
  }

  static String problem(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return "it must start with /";
    }
    if (rawPath.indexOf(';') >= 0) {
      return "';' parameters are not accepted";
    }
    if (rawPath.indexOf('\\') >= 0) {
      return "'\\' is not accepted";
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
      return "encoded '/', '\\' or '.' is not accepted";
    }
    if (lower.contains("%3b")) {
      return "encoded ';' is not accepted";
    }
    if (rawPath.length() > 1 && rawPath.contains("//")) {
      return "empty path segments are not accepted";
    }
    for (String segment : rawPath.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "'.' and '..' segments are not accepted";
      }
    }
    return null;
  }
}

package dev.omnipost.sandbox.control;

import java.util.Locale;

/**
 * A failure the next calls of an account receive instead of the normal answer.
 *
 * @param body the response body, or null for the platform's documented shape for the status
 * @param method only calls with this HTTP method take it (null: any)
 * @param path only calls whose path contains this take it ({@code /api/v1/statuses}; null: any)
 */
public record InjectedFailure(int status, String body, String method, String path) {

  /** A failure any call of the account takes. */
  public InjectedFailure(int status, String body) {
    this(status, body, null, null);
  }

  public InjectedFailure {
    method = method == null || method.isBlank() ? null : method.toUpperCase(Locale.ROOT);
    path = path == null || path.isBlank() ? null : path;
  }

  /**
   * Whether a call with this method and path takes it; a call not known takes only an unfiltered.
   */
  boolean matches(String requestMethod, String requestPath) {
    boolean methodMatches =
        method == null || (requestMethod != null && method.equalsIgnoreCase(requestMethod));
    boolean pathMatches = path == null || (requestPath != null && requestPath.contains(path));
    return methodMatches && pathMatches;
  }
}

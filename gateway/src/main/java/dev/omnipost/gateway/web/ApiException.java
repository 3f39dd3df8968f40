package dev.omnipost.gateway.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with its error envelope {@code {"error": {"code", "message", "meta"}}}.
 * Handlers throw (or emit) it; the gateway's error handler renders it, so every error has the same
 * shape.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final Map<String, Object> meta;

  public ApiException(HttpStatus status, String code, String message, Map<String, Object> meta) {
    super(message);
    this.status = status;
    this.code = code;
    this.meta = meta == null ? Map.of() : Map.copyOf(meta);
  }

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> meta() {
    return meta;
  }

  /** 400 for a request that breaks a rule; {@code meta} names the field and valid values. */
  public static ApiException invalid(String code, String message, Map<String, Object> meta) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message, meta);
  }

  /** 404 for something that does not exist or belongs to another workspace. */
  public static ApiException notFound(String what, String id) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "resource.not_found",
        "No " + what + " with id " + id,
        Map.of("id", id));
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(HttpStatus.CONFLICT, code, message);
  }

  public static ApiException forbiddenScope(String scope) {
    return new ApiException(
        HttpStatus.FORBIDDEN,
        "auth.forbidden_scope",
        "This API key lacks the scope " + scope,
        Map.of("required_scope", scope));
  }
}

package dev.omnipost.sandbox.x;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * X API v2 error bodies: problem JSON {@code {title, detail, type, status}}, with {@code errors[]}
 * for invalid requests, thrown by the simulated endpoints with the HTTP status X uses.
 */
class XProblems extends RuntimeException {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PROBLEMS = "https://api.twitter.com/2/problems/";

  private final int status;
  private final String body;

  private XProblems(int status, String detail, String body) {
    super(detail);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  static XProblems unauthorized() {
    return plain(401, "Unauthorized", "Unauthorized");
  }

  static XProblems tooManyRequests() {
    return plain(429, "Too Many Requests", "Too Many Requests");
  }

  static XProblems duplicate() {
    return plain(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
  }

  static XProblems invalidRequest(String parameter, String message) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put(
        "errors", List.of(Map.of("parameters", Map.of(parameter, List.of()), "message", message)));
    problem.put("title", "Invalid Request");
    problem.put("detail", "One or more parameters to your request was invalid.");
    problem.put("type", PROBLEMS + "invalid-request");
    return new XProblems(400, message, JSON.writeValueAsString(problem));
  }

  static XProblems notFound(String resourceType, String id) {
    Map<String, Object> problem = new LinkedHashMap<>();
    String detail = "Could not find " + resourceType + " with id: [" + id + "].";
    problem.put(
        "errors",
        List.of(
            Map.of(
                "value", id,
                "detail", detail,
                "title", "Not Found Error",
                "resource_type", resourceType,
                "parameter", "id",
                "resource_id", id,
                "type", PROBLEMS + "resource-not-found")));
    problem.put("title", "Not Found Error");
    problem.put("detail", detail);
    problem.put("type", PROBLEMS + "resource-not-found");
    return new XProblems(404, detail, JSON.writeValueAsString(problem));
  }

  static XProblems notAuthorized(String detail) {
    return typed(403, "Forbidden", detail, "not-authorized-for-resource");
  }

  /** What X answers for an injected status when the test gave no body. */
  static String defaultBody(int status) {
    return switch (status) {
      case 400 ->
          invalidRequest("text", "The request is invalid (injected by the sandbox).").body();
      case 401 -> unauthorized().body();
      case 403 ->
          typed(
                  403,
                  "Client Forbidden",
                  "This request must be made using an approved developer account that is enrolled"
                      + " in the requested endpoint.",
                  "client-forbidden")
              .body();
      case 404 -> notFound("tweet", "0").body();
      case 429 -> tooManyRequests().body();
      case 503 -> plain(503, "Service Unavailable", "Service Unavailable").body();
      default ->
          status >= 500
              ? plain(status, "Internal Server Error", "Internal Server Error").body()
              : plain(status, "Error", "Error " + status).body();
    };
  }

  private static XProblems plain(int status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("title", title);
    problem.put("detail", detail);
    problem.put("type", "about:blank");
    problem.put("status", status);
    return new XProblems(status, detail, JSON.writeValueAsString(problem));
  }

  private static XProblems typed(int status, String title, String detail, String kind) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("title", title);
    problem.put("detail", detail);
    problem.put("type", PROBLEMS + kind);
    problem.put("status", status);
    return new XProblems(status, detail, JSON.writeValueAsString(problem));
  }
}

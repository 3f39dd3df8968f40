package dev.omnipost.sandbox.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.JsonNode;

/** The control API under {@code /_sandbox}, for tests and the local stack. */
@RestController
@RequestMapping("/_sandbox")
class ControlController {

  private final SandboxControl control;
  private final SandboxStats stats;

  ControlController(SandboxControl control, SandboxStats stats) {
    this.control = control;
    this.stats = stats;
  }

  @GetMapping("/stats")
  Map<String, Object> stats() {
    return Map.of("rate_limited", stats.rateLimited());
  }

  @PostMapping("/accounts")
  SandboxAccount registerAccount(@RequestBody SandboxAccount account) {
    return control.registerAccount(account);
  }

  @GetMapping("/posts")
  List<SandboxPost> posts(
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId) {
    return control.posts(platform, accountId);
  }

  @PostMapping("/failures")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, Object> failNext(@RequestBody FailureRequest request) {
    int count = request.count() == null ? 1 : request.count();
    String body =
        request.body() == null || request.body().isNull()
            ? null
            : request.body().isString() ? request.body().asString() : request.body().toString();
    control.failNext(
        request.platform(),
        request.accountId(),
        new InjectedFailure(request.status(), body, request.method(), request.path()),
        count);
    Map<String, Object> queued = new LinkedHashMap<>();
    queued.put("platform", request.platform());
    queued.put("account_id", request.accountId());
    queued.put("status", request.status());
    queued.put("count", count);
    if (request.method() != null) {
      queued.put("method", request.method());
    }
    if (request.path() != null) {
      queued.put("path", request.path());
    }
    return queued;
  }

  @GetMapping("/uploads")
  List<SandboxUpload> uploads(
      @RequestParam(required = false) String platform,
      @RequestParam(name = "account_id", required = false) String accountId) {
    return control.uploads(platform, accountId);
  }

  /** Sets a platform's delay per API call: {@code {platform, fixed_ms, jitter_ms}}. */
  @PutMapping("/latency")
  Map<String, Object> latency(@RequestBody LatencyRequest request) {
    if (request.fixedMs() == null && request.jitterMs() == null) {
      throw new IllegalArgumentException("fixed_ms or jitter_ms is required");
    }
    control.latency(
        request.platform(),
        new SandboxLatency.Setting(
            Duration.ofMillis(request.fixedMs() == null ? 0 : request.fixedMs()),
            Duration.ofMillis(request.jitterMs() == null ? 0 : request.jitterMs())));
    return latencyOf(request.platform());
  }

  @GetMapping("/latency")
  Map<String, Object> latency(@RequestParam String platform) {
    return latencyOf(platform);
  }

  private Map<String, Object> latencyOf(String platform) {
    SandboxLatency.Setting setting = control.latency(platform);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("platform", platform);
    answer.put("fixed_ms", setting.fixed().toMillis());
    answer.put("jitter_ms", setting.jitter().toMillis());
    return answer;
  }

  @PostMapping("/reset")
  ResponseEntity<Void> reset() {
    control.reset();
    return ResponseEntity.noContent().build();
  }

  @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
  ResponseEntity<Map<String, String>> badRequest(Exception e) {
    String message =
        e instanceof ServerWebInputException input ? input.getReason() : e.getMessage();
    return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(message)));
  }

  /** {@code PUT /_sandbox/latency} body. */
  record LatencyRequest(String platform, Long fixedMs, Long jitterMs) {}

  /**
   * {@code POST /_sandbox/failures} body; {@code body} may be a JSON object or a string; {@code
   * method} and {@code path} (a part of the request path) limit which calls take the failures.
   */
  record FailureRequest(
      String platform,
      String accountId,
      int status,
      Integer count,
      JsonNode body,
      String method,
      String path) {}
}

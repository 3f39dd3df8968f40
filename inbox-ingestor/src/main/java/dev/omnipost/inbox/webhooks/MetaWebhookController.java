package dev.omnipost.inbox.webhooks;

import dev.omnipost.inbox.InboxProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Meta's webhooks (Instagram, later Facebook Pages): the subscription handshake ({@code GET} with
 * {@code hub.mode=subscribe}, {@code hub.verify_token}, {@code hub.challenge}: the challenge is
 * echoed when the token matches) and notifications ({@code POST}, accepted only with a valid {@code
 * X-Hub-Signature-256}). Errors answer {@code {"error": {"code", "message"}}}.
 */
@RestController
class MetaWebhookController {

  private final InboxProperties.Meta settings;
  private final MetaNotifications notifications;

  MetaWebhookController(InboxProperties properties, MetaNotifications notifications) {
    this.settings = properties.meta();
    this.notifications = notifications;
  }

  @GetMapping("/webhooks/meta")
  ResponseEntity<?> verify(
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    if (!settings.configured()) {
      return error(HttpStatus.NOT_FOUND, "webhook.not_configured", "Meta webhooks are not set up");
    }
    if (!"subscribe".equals(mode) || challenge == null || !tokenMatches(token)) {
      return error(
          HttpStatus.FORBIDDEN,
          "webhook.verification_failed",
          "hub.mode must be subscribe and hub.verify_token must match");
    }
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
  }

  @PostMapping("/webhooks/meta")
  Mono<ResponseEntity<?>> notify(
      @RequestHeader(name = MetaSignature.HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    if (!settings.configured()) {
      return Mono.just(
          error(HttpStatus.NOT_FOUND, "webhook.not_configured", "Meta webhooks are not set up"));
    }
    byte[] payload = body == null ? new byte[0] : body;
    if (!MetaSignature.verifies(settings.appSecret(), payload, signature)) {
      return Mono.just(
          error(
              HttpStatus.UNAUTHORIZED,
              "webhook.invalid_signature",
              "X-Hub-Signature-256 does not verify against the body"));
    }
    return Mono.fromCallable(() -> notifications.receive(payload))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            outcome ->
                switch (outcome) {
                  case ACCEPTED -> ResponseEntity.ok(Map.of("status", "received"));
                  case REPLAYED ->
                      error(
                          HttpStatus.CONFLICT,
                          "webhook.replayed",
                          "This notification was received already");
                  case STALE ->
                      error(
                          HttpStatus.BAD_REQUEST,
                          "webhook.stale",
                          "The notification is older than "
                              + settings.maxAge()
                              + "; refused as a replay");
                  case MALFORMED ->
                      error(HttpStatus.BAD_REQUEST, "webhook.malformed", "Not a Meta notification");
                });
  }

  private boolean tokenMatches(String token) {
    return token != null
        && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8),
            settings.verifyToken().getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<?> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", Map.of("code", code, "message", message)));
  }
}

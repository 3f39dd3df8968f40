package dev.omnipost.inbox.webhooks;

import dev.omnipost.inbox.InboxProperties;
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
 * X's Account Activity webhook: the CRC challenge ({@code GET ?crc_token=}, answered {@code
 * {"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>"}}, which X sends when
 * the webhook is registered and about hourly after) and deliveries ({@code POST}, accepted only
 * with a valid {@code x-twitter-webhooks-signature}). Errors answer {@code {"error": {"code",
 * "message"}}}.
 */
@RestController
class XWebhookController {

  private final InboxProperties.X settings;
  private final XActivity activity;

  XWebhookController(InboxProperties properties, XActivity activity) {
    this.settings = properties.x();
    this.activity = activity;
  }

  @GetMapping("/webhooks/x")
  ResponseEntity<?> crc(@RequestParam(name = "crc_token", required = false) String crcToken) {
    if (!settings.configured()) {
      return error(HttpStatus.NOT_FOUND, "webhook.not_configured", "X webhooks are not set up");
    }
    if (crcToken == null || crcToken.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "webhook.malformed", "crc_token is required");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "response_token", XSignature.responseToken(settings.consumerSecret(), crcToken)));
  }

  @PostMapping("/webhooks/x")
  Mono<ResponseEntity<?>> notify(
      @RequestHeader(name = XSignature.HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    if (!settings.configured()) {
      return Mono.just(
          error(HttpStatus.NOT_FOUND, "webhook.not_configured", "X webhooks are not set up"));
    }
    byte[] payload = body == null ? new byte[0] : body;
    if (!XSignature.verifies(settings.consumerSecret(), payload, signature)) {
      return Mono.just(
          error(
              HttpStatus.UNAUTHORIZED,
              "webhook.invalid_signature",
              XSignature.HEADER + " does not verify against the body"));
    }
    return Mono.fromCallable(() -> java.util.Optional.ofNullable(activity.receive(payload)))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            nudged ->
                nudged.isPresent()
                    ? ResponseEntity.ok(Map.of("status", "received"))
                    : error(
                        HttpStatus.BAD_REQUEST,
                        "webhook.malformed",
                        "Not an Account Activity payload (for_user_id)"));
  }

  private static ResponseEntity<?> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", Map.of("code", code, "message", message)));
  }
}

package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.control.Resettable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox app's webhook subscription, as Meta runs it: subscribing first verifies the callback
 * ({@code GET ?hub.mode=subscribe&hub.verify_token=&hub.challenge=}, which must echo the
 * challenge); afterwards each comment added through the control API is POSTed to it as an {@code
 * instagram} / {@code comments} change, signed {@code X-Hub-Signature-256: sha256=<hex HMAC of the
 * body with the app secret>}. Direct messages written through the control API arrive as Meta's
 * messaging webhooks ({@link #messageReceived}).
 */
@Component
class InstagramWebhooks implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "instagram-webhooks";
  }

  @Override
  public String pathSegment() {
    return "instagram";
  }

  private static final Logger log = LoggerFactory.getLogger(InstagramWebhooks.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebClient client = WebClient.create();
  private final AtomicReference<Subscription> subscription = new AtomicReference<>();

  /** Verifies the callback like Meta does; subscribes only when it echoes the challenge. */
  Mono<Boolean> subscribe(String callbackUrl, String verifyToken, String appSecret) {
    String challenge = UUID.randomUUID().toString();
    String url =
        UriComponentsBuilder.fromUriString(callbackUrl)
            .queryParam("hub.mode", "subscribe")
            .queryParam("hub.verify_token", verifyToken)
            .queryParam("hub.challenge", challenge)
            .encode()
            .toUriString();
    return client
        .get()
        .uri(java.net.URI.create(url))
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(body -> response.statusCode().is2xxSuccessful() && body.equals(challenge)))
        .onErrorReturn(false)
        .doOnNext(
            verified -> {
              if (verified) {
                subscription.set(new Subscription(callbackUrl, appSecret));
              }
            });
  }

  /**
   * Sends a direct message to the subscribed callback as Meta's messaging webhook ({@code object}
   * {@code instagram} or {@code page}, {@code entry[].messaging[]} with {@code sender}, {@code
   * recipient}, {@code timestamp} in milliseconds and {@code message.mid/text}); never fails the
   * caller.
   */
  void messageReceived(
      String object,
      String accountId,
      String senderId,
      String messageId,
      String text,
      long epochMillis) {
    Map<String, Object> event =
        Map.of(
            "sender", Map.of("id", senderId),
            "recipient", Map.of("id", accountId),
            "timestamp", epochMillis,
            "message", Map.of("mid", messageId, "text", text));
    post(
        Map.of(
            "object",
            object,
            "entry",
            List.of(Map.of("id", accountId, "time", epochMillis, "messaging", List.of(event)))));
  }

  /** Sends the comment to the subscribed callback, if any; never fails the caller. */
  void commentAdded(String igUserId, InstagramStore.Comment comment, long epochSeconds) {
    Subscription current = subscription.get();
    if (current == null) {
      return;
    }
    Map<String, Object> value =
        Map.of(
            "from", Map.of("id", comment.fromId(), "username", comment.username()),
            "media", Map.of("id", comment.mediaId(), "media_product_type", "FEED"),
            "id", comment.id(),
            "text", comment.text());
    Map<String, Object> payload =
        Map.of(
            "object",
            "instagram",
            "entry",
            List.of(
                Map.of(
                    "id",
                    igUserId,
                    "time",
                    epochSeconds,
                    "changes",
                    List.of(Map.of("field", "comments", "value", value)))));
    post(payload);
  }

  private void post(Map<String, Object> payload) {
    Subscription current = subscription.get();
    if (current == null) {
      return;
    }
    byte[] body = JSON.writeValueAsBytes(payload);
    client
        .post()
        .uri(java.net.URI.create(current.callbackUrl()))
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Hub-Signature-256", sign(current.appSecret(), body))
        .bodyValue(body)
        .retrieve()
        .toBodilessEntity()
        .subscribe(
            ok -> {},
            e -> log.warn("webhook to {} failed: {}", current.callbackUrl(), e.getMessage()));
  }

  static String sign(String appSecret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void reset() {
    subscription.set(null);
  }

  private record Subscription(String callbackUrl, String appSecret)
      implements java.io.Serializable {}
}

package dev.omnipost.connectors.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class BlueskyErrorTranslatorTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final BlueskyErrorTranslator translator =
      new BlueskyErrorTranslator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void turnsDeadSessionsAndRefusedPasswordsIntoAuthExpired() {
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}"))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Token has expired");
    assertThat(
            translator.translate(
                401,
                new HttpHeaders(),
                "{\"error\":\"InvalidToken\",\"message\":\"Bad token scope\"}"))
        .isInstanceOf(AuthExpiredException.class);
    assertThat(
            translator.translate(
                401,
                new HttpHeaders(),
                "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}"))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Invalid identifier or password");
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                "{\"error\":\"AccountTakedown\",\"message\":\"Account has been taken down\"}"))
        .isInstanceOf(AuthExpiredException.class);
  }

  @Test
  void waitsUntilRatelimitResetOnRateLimitExceeded() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("ratelimit-limit", "5000");
    headers.set("ratelimit-remaining", "0");
    headers.set("ratelimit-reset", String.valueOf(NOW.plusSeconds(1800).getEpochSecond()));
    headers.set("ratelimit-policy", "5000;w=3600");

    var error =
        (TransientPlatformException)
            translator.translate(
                429,
                headers,
                "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}");
    var bare =
        (TransientPlatformException)
            translator.translate(429, new HttpHeaders(), "{\"error\":\"RateLimitExceeded\"}");

    assertThat(error.code()).isEqualTo("platform_rate_limited");
    assertThat(error.retryAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(error).hasMessage("Rate Limit Exceeded");
    assertThat(bare.retryAfter()).isNull();
    assertThat(bare).hasMessage("RateLimitExceeded");
  }

  @Test
  void treatsUpstreamFailuresAndServerErrorsAsTransient() {
    var upstream =
        (TransientPlatformException)
            translator.translate(
                502,
                new HttpHeaders(),
                "{\"error\":\"UpstreamFailure\",\"message\":\"Upstream Failure\"}");
    var html =
        (TransientPlatformException)
            translator.translate(503, new HttpHeaders(), "<html>busy</html>");

    assertThat(upstream.code()).isEqualTo("platform_unavailable");
    assertThat(html).hasMessage("bluesky answered HTTP 503");
  }

  @Test
  void keepsThePdssMessageForInvalidRequests() {
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                "{\"error\":\"InvalidRequest\",\"message\":\"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes\"}"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("300 graphemes");
    assertThat(
            translator.translate(
                413,
                new HttpHeaders(),
                "{\"error\":\"PayloadTooLarge\",\"message\":\"request entity too large\"}"))
        .isInstanceOf(PermanentPlatformException.class);
  }
}

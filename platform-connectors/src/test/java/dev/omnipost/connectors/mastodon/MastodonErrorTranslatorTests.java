package dev.omnipost.connectors.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class MastodonErrorTranslatorTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final MastodonErrorTranslator translator =
      new MastodonErrorTranslator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void turnsAnInvalidTokenIntoAuthExpired() {
    PlatformException error =
        translator.translate(401, new HttpHeaders(), "{\"error\":\"The access token is invalid\"}");

    assertThat(error)
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("The access token is invalid");
    assertThat(error.code()).isEqualTo("auth_expired");
  }

  @Test
  void waitsUntilTheIsoRateLimitResetOnA429() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-RateLimit-Limit", "300");
    headers.set("X-RateLimit-Remaining", "0");
    headers.set("X-RateLimit-Reset", "2026-03-01T12:04:30.000Z");

    PlatformException error =
        translator.translate(429, headers, "{\"error\":\"Too many requests\"}");

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(270));
              assertThat(e.code()).isEqualTo("platform_rate_limited");
            });
  }

  @Test
  void prefersRetryAfterWhenAProxySendsIt() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Retry-After", "12");
    headers.set("X-RateLimit-Reset", "2026-03-01T12:04:30.000Z");

    TransientPlatformException error =
        (TransientPlatformException) translator.translate(429, headers, "");

    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void treatsServerErrorsAsTransientEvenWithAnHtmlBody() {
    PlatformException error =
        translator.translate(503, new HttpHeaders(), "<html>Bad Gateway</html>");

    assertThat(error)
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("Mastodon answered HTTP 503");
    assertThat(((TransientPlatformException) error).retryAfter()).isNull();
    assertThat(error.code()).isEqualTo("platform_unavailable");
  }

  @Test
  void keepsMastodonsOwnMessageForAValidationError() {
    PlatformException error =
        translator.translate(
            422,
            new HttpHeaders(),
            "{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}");

    assertThat(error)
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Validation failed: Text character limit of 500 exceeded");
    assertThat(error.httpStatus()).isEqualTo(422);
  }

  @Test
  void treatsAForbiddenActionAsPermanent() {
    assertThat(
            translator.translate(
                403, new HttpHeaders(), "{\"error\":\"This action is not allowed\"}"))
        .isInstanceOf(PermanentPlatformException.class);
  }
}

package dev.omnipost.connectors.pinterest;

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

class PinterestErrorTranslatorTests {

  private final PinterestErrorTranslator translator =
      new PinterestErrorTranslator(
          Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsAuthenticationFailedIntoAuthExpired() {
    assertThat(
            translator.translate(
                401, new HttpHeaders(), "{\"code\":2,\"message\":\"Authentication failed.\"}"))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Authentication failed.");
  }

  @Test
  void waitsOneSecondOnA429WithoutHeadersAndRetryAfterWhenSent() {
    String body =
        "{\"code\":8,\"message\":\"You have exceeded your rate limit. Try again later.\"}";
    HttpHeaders withRetryAfter = new HttpHeaders();
    withRetryAfter.set("Retry-After", "5");

    var bare = (TransientPlatformException) translator.translate(429, new HttpHeaders(), body);
    var told = (TransientPlatformException) translator.translate(429, withRetryAfter, body);

    assertThat(bare.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(bare.code()).isEqualTo("platform_rate_limited");
    assertThat(bare).hasMessage("You have exceeded your rate limit. Try again later.");
    assertThat(told.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void keepsPinterestsMessageForInvalidParametersAndMissingThings() {
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                "{\"code\":1,\"message\":\"Invalid parameters. title must be at most 100 characters.\"}"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Invalid parameters. title must be at most 100 characters.");
    assertThat(
            translator.translate(
                404, new HttpHeaders(), "{\"code\":40,\"message\":\"Board not found.\"}"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Board not found.");
    assertThat(
            translator.translate(
                403, new HttpHeaders(), "{\"code\":3,\"message\":\"Authorization failed.\"}"))
        .isInstanceOf(PermanentPlatformException.class);
  }

  @Test
  void treatsServerErrorsAsTransient() {
    var error =
        (TransientPlatformException)
            translator.translate(503, new HttpHeaders(), "<html>unavailable</html>");

    assertThat(error.code()).isEqualTo("platform_unavailable");
    assertThat(error).hasMessage("Pinterest answered HTTP 503");
  }
}

package dev.omnipost.connectors.googlebusiness;

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

class GoogleBusinessErrorTranslatorTests {

  private final GoogleBusinessErrorTranslator translator =
      new GoogleBusinessErrorTranslator(
          Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsUnauthenticatedIntoAuthExpired() {
    assertThat(
            translator.translate(
                401,
                new HttpHeaders(),
                "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}"))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Request had invalid authentication credentials.");
  }

  @Test
  void waitsTheRetryInfoDelayOrRetryAfterOrAMinuteOnResourceExhausted() {
    String withRetryInfo =
        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Requests'.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
            + "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"RATE_LIMIT_EXCEEDED\"},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12.5s\"}]}}";
    String bare =
        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded.\",\"status\":\"RESOURCE_EXHAUSTED\"}}";
    HttpHeaders told = new HttpHeaders();
    told.set("Retry-After", "7");

    var delayed =
        (TransientPlatformException) translator.translate(429, new HttpHeaders(), withRetryInfo);
    var header = (TransientPlatformException) translator.translate(429, told, bare);
    var none = (TransientPlatformException) translator.translate(429, new HttpHeaders(), bare);

    assertThat(delayed.code()).isEqualTo("platform_rate_limited");
    assertThat(delayed.retryAfter()).isEqualTo(Duration.ofMillis(12_500));
    assertThat(delayed).hasMessage("Quota exceeded for quota metric 'Requests'.");
    assertThat(header.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(none.retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void namesTheFieldOfAValidationErrorAndKeepsGooglesMessageOtherwise() {
    String validation =
        "{\"error\":{\"code\":400,\"message\":\"Request contains an invalid argument.\",\"status\":\"INVALID_ARGUMENT\",\"details\":["
            + "{\"@type\":\"type.googleapis.com/google.mybusiness.v4.ValidationError\",\"errorDetails\":[{\"code\":3,\"field\":\"summary\",\"message\":\"summary must be at most 1500 characters.\"}]}]}}";

    assertThat(translator.translate(400, new HttpHeaders(), validation))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("summary: summary must be at most 1500 characters.");
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("The caller does not have permission");
    assertThat(
            translator.translate(
                404,
                new HttpHeaders(),
                "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}"))
        .isInstanceOf(PermanentPlatformException.class);
  }

  @Test
  void treatsUnavailableInternalAndServerErrorsAsTransient() {
    assertThat(
            translator.translate(
                503,
                new HttpHeaders(),
                "{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\",\"status\":\"UNAVAILABLE\"}}"))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
    assertThat(translator.translate(500, new HttpHeaders(), "oops"))
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("Google Business Profile answered HTTP 500");
  }
}

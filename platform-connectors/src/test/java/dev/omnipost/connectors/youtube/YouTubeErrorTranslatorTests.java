package dev.omnipost.connectors.youtube;

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

class YouTubeErrorTranslatorTests {

  // 12:00 UTC is 04:00 in Los Angeles (PST): the quota day restarts in 20 hours
  private final YouTubeErrorTranslator translator =
      new YouTubeErrorTranslator(
          Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsAuthErrorAndUnauthenticatedIntoAuthExpired() {
    String body =
        "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
            + "\"errors\":[{\"message\":\"Invalid Credentials\",\"domain\":\"global\",\"reason\":\"authError\","
            + "\"location\":\"Authorization\",\"locationType\":\"header\"}],\"status\":\"UNAUTHENTICATED\"}}";

    assertThat(translator.translate(401, new HttpHeaders(), body))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Request had invalid authentication credentials.");
  }

  @Test
  void waitsForMidnightPacificOnQuotaExceededAndTheDailyAndUploadLimits() {
    for (String reason :
        new String[] {"quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded"}) {
      var error =
          (TransientPlatformException)
              translator.translate(
                  reason.equals("uploadLimitExceeded") ? 400 : 403,
                  new HttpHeaders(),
                  body(
                      403,
                      "youtube.quota",
                      reason,
                      "The request cannot be completed because you have exceeded your quota."));

      assertThat(error.code()).isEqualTo("platform_rate_limited");
      assertThat(error.retryAfter()).isEqualTo(Duration.ofHours(20));
    }
  }

  @Test
  void waitsAMinuteOrRetryAfterOnRateLimitExceeded() {
    HttpHeaders told = new HttpHeaders();
    told.set("Retry-After", "30");
    String body =
        body(
            403,
            "usageLimits",
            "rateLimitExceeded",
            "The request cannot be completed because you have exceeded your rate limit.");

    var bare = (TransientPlatformException) translator.translate(403, new HttpHeaders(), body);
    var withHeader = (TransientPlatformException) translator.translate(403, told, body);
    var tooMany = (TransientPlatformException) translator.translate(429, new HttpHeaders(), "");

    assertThat(bare.code()).isEqualTo("platform_rate_limited");
    assertThat(bare.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(withHeader.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tooMany.code()).isEqualTo("platform_rate_limited");
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body(403, "usageLimits", "userRateLimitExceeded", "slow down")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_rate_limited"));
  }

  @Test
  void keepsYouTubesMessageForRefusals() {
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                body(
                    400,
                    "youtube.video",
                    "invalidTitle",
                    "The request metadata specifies an invalid or empty video title.")))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("The request metadata specifies an invalid or empty video title.");
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body(403, "youtube.common", "forbidden", "Access forbidden.")))
        .isInstanceOf(PermanentPlatformException.class);
    assertThat(
            translator.translate(
                404,
                new HttpHeaders(),
                body(
                    404,
                    "youtube.video",
                    "videoNotFound",
                    "The video identified by the id parameter could not be found.")))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("could not be found");
  }

  @Test
  void treatsBackendErrorsAndServerErrorsWithoutJsonAsTransient() {
    assertThat(
            translator.translate(
                503, new HttpHeaders(), body(503, "global", "backendError", "Backend Error")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
    assertThat(translator.translate(502, new HttpHeaders(), "<html>502</html>"))
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("YouTube answered HTTP 502");
  }

  private static String body(int code, String domain, String reason, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"errors\":[{\"message\":\""
        + message
        + "\",\"domain\":\""
        + domain
        + "\",\"reason\":\""
        + reason
        + "\"}]}}";
  }
}

package dev.omnipost.connectors.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.TransientPlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class MetaErrorTranslatorTests {

  private final MetaErrorTranslator translator =
      new MetaErrorTranslator(
          Platform.FACEBOOK, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsCode190WithAnySubcodeIntoAuthExpired() {
    for (int subcode : new int[] {458, 460, 463, 467}) {
      assertThat(
              translator.translate(
                  400,
                  new HttpHeaders(),
                  graph("Error validating access token", "OAuthException", 190, subcode)))
          .isInstanceOf(AuthExpiredException.class)
          .hasMessage("Error validating access token");
    }
  }

  @Test
  void waitsForTheBusinessUseCaseEstimateOnPageThrottling() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "X-Business-Use-Case-Usage",
        "{\"1234\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":30,"
            + "\"total_time\":30,\"estimated_time_to_regain_access\":17}]}");

    var error =
        (TransientPlatformException)
            translator.translate(
                400,
                headers,
                graph("(#80001) There have been too many calls", "OAuthException", 80001, 0));

    assertThat(error.code()).isEqualTo("platform_rate_limited");
    assertThat(error.retryAfter()).isEqualTo(Duration.ofMinutes(17));
  }

  @Test
  void waitsForTheRollingHourToComeUnderAHundredPercentOnAppUsage() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-App-Usage", "{\"call_count\":104,\"total_cputime\":20,\"total_time\":30}");

    var error =
        (TransientPlatformException)
            translator.translate(
                400,
                headers,
                graph("(#4) Application request limit reached", "OAuthException", 4, 0));
    var noHeaders =
        (TransientPlatformException)
            translator.translate(
                400,
                new HttpHeaders(),
                graph("(#17) User request limit reached", "OAuthException", 17, 0));

    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(36 * 5));
    assertThat(noHeaders.code()).isEqualTo("platform_rate_limited");
    assertThat(noHeaders.retryAfter()).isNull();
  }

  @Test
  void treatsThePublishCapAsRateLimited() {
    var error =
        (TransientPlatformException)
            translator.translate(
                400,
                new HttpHeaders(),
                graph("Application request limit reached", "OAuthException", 9, 2207042));

    assertThat(error.code()).isEqualTo("platform_rate_limited");
  }

  @Test
  void treatsUnknownAndTemporaryErrorsAsTransient() {
    assertThat(
            translator.translate(
                500,
                new HttpHeaders(),
                graph("An unknown error occurred", "OAuthException", 1, 99)))
        .isInstanceOf(TransientPlatformException.class);
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                graph("(#2) Service temporarily unavailable", "OAuthException", 2, 0)))
        .isInstanceOf(TransientPlatformException.class);
    assertThat(translator.translate(502, new HttpHeaders(), "<html>bad gateway</html>"))
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("facebook answered HTTP 502");
  }

  @Test
  void keepsMetasWordsForPermissionsPolicyDuplicatesAndBadParameters() {
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                graph("(#200) Permissions error", "OAuthException", 200, 0)))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("(#200) Permissions error");
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                "{\"error\":{\"message\":\"(#368) The action attempted has been deemed abusive\","
                    + "\"type\":\"OAuthException\",\"code\":368,\"error_user_msg\":\"This content goes against our Community Standards\"}}"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("This content goes against our Community Standards");
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                graph("(#506) Duplicate status message", "OAuthException", 506, 0)))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("(#506) Duplicate status message");
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                graph("(#100) Invalid parameter", "OAuthException", 100, 0)))
        .isInstanceOf(PermanentPlatformException.class);
  }

  private static String graph(String message, String type, int code, int subcode) {
    return "{\"error\":{\"message\":\""
        + message
        + "\",\"type\":\""
        + type
        + "\",\"code\":"
        + code
        + (subcode == 0 ? "" : ",\"error_subcode\":" + subcode)
        + ",\"fbtrace_id\":\"AbCdEf\"}}";
  }
}

package dev.omnipost.connectors.instagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformException;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.meta.MetaErrorTranslator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class InstagramErrorTests {

  private final MetaErrorTranslator translator =
      new MetaErrorTranslator(
          Platform.INSTAGRAM, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsCode190IntoAuthExpired() {
    String body =
        """
        {"error":{"message":"Error validating access token: Session has expired on Sunday, 01-Mar-26.",
         "type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbCdEf"}}""";

    PlatformException error = translator.translate(400, new HttpHeaders(), body);

    assertThat(error)
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("Error validating access token: Session has expired on Sunday, 01-Mar-26.");
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(ints = {4, 17, 32, 613})
  void treatsThrottlingCodesAsTransientWithTheTimeToRegainAccess(int code) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "X-Business-Use-Case-Usage",
        "{\"17841400000000001\":[{\"type\":\"instagram\",\"call_count\":100,\"total_cputime\":20,"
            + "\"total_time\":20,\"estimated_time_to_regain_access\":7}]}");
    String body =
        "{\"error\":{\"message\":\"(#"
            + code
            + ") Application request limit reached\","
            + "\"type\":\"OAuthException\",\"code\":"
            + code
            + ",\"fbtrace_id\":\"x\"}}";

    PlatformException error = translator.translate(400, headers, body);

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(7));
              assertThat(e.code()).isEqualTo("platform_rate_limited");
            });
  }

  @Test
  void treatsAThrottleWithoutUsageHeadersAsTransientWithUnknownWait() {
    String body =
        "{\"error\":{\"message\":\"(#4) Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}";

    TransientPlatformException error =
        (TransientPlatformException) translator.translate(403, new HttpHeaders(), body);

    assertThat(error.retryAfter()).isNull();
  }

  @Test
  void treatsTheDailyPublishingLimitAsTransient() {
    String body =
        """
        {"error":{"message":"Application request limit reached","type":"OAuthException","code":9,
         "error_subcode":2207042,"fbtrace_id":"x"}}""";

    assertThat(translator.translate(400, new HttpHeaders(), body))
        .isInstanceOf(TransientPlatformException.class);
  }

  @Test
  void treatsServerErrorsAndTransientFlagsAsTransient() {
    String unavailable =
        "{\"error\":{\"message\":\"(#2) Service temporarily unavailable\",\"type\":\"OAuthException\",\"code\":2,\"is_transient\":true}}";
    String unknown =
        "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\",\"code\":1,\"is_transient\":true}}";

    assertThat(translator.translate(503, new HttpHeaders(), unavailable))
        .isInstanceOf(TransientPlatformException.class)
        .extracting(e -> ((TransientPlatformException) e).code())
        .isEqualTo("platform_unavailable");
    assertThat(translator.translate(400, new HttpHeaders(), unknown))
        .isInstanceOf(TransientPlatformException.class);
    assertThat(translator.translate(502, new HttpHeaders(), "<html/>"))
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("instagram answered HTTP 502");
  }

  @Test
  void keepsGraphsUserMessageForARejectedRequest() {
    String body =
        """
        {"error":{"message":"Media download has failed.","type":"OAuthException","code":9004,
         "error_subcode":2207052,"error_user_title":"Media download has failed.",
         "error_user_msg":"The media could not be fetched from this uri: http://example.com/a.jpg","fbtrace_id":"x"}}""";

    PlatformException error = translator.translate(400, new HttpHeaders(), body);

    assertThat(error)
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("The media could not be fetched from this uri: http://example.com/a.jpg");
  }

  @Test
  void keepsGraphsMessageWhenThereIsNoUserMessage() {
    String body =
        "{\"error\":{\"message\":\"(#10) Application does not have permission for this action\",\"type\":\"OAuthException\",\"code\":10}}";

    assertThat(translator.translate(400, new HttpHeaders(), body))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("(#10) Application does not have permission for this action");
  }
}

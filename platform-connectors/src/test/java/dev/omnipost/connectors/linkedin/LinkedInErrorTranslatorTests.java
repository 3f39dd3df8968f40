package dev.omnipost.connectors.linkedin;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;

class LinkedInErrorTranslatorTests {

  private final LinkedInErrorTranslator translator =
      new LinkedInErrorTranslator(
          Clock.fixed(Instant.parse("2026-03-01T18:00:00Z"), ZoneOffset.UTC));

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "65600, INVALID_ACCESS_TOKEN, Invalid access token",
    "65601, REVOKED_ACCESS_TOKEN, The token used in the request has been revoked by the user",
    "65602, EXPIRED_ACCESS_TOKEN, The token used in the request has expired",
  })
  void turnsEveryDeadTokenShapeIntoAuthExpired(int serviceCode, String code, String message) {
    String body =
        "{\"status\":401,\"serviceErrorCode\":"
            + serviceCode
            + ",\"code\":\""
            + code
            + "\",\"message\":\""
            + message
            + "\"}";

    assertThat(translator.translate(401, new HttpHeaders(), body))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage(message);
  }

  @Test
  void waitsUntilMidnightUtcForTheDailyThrottleWhichSendsNoHeaders() {
    String body =
        "{\"status\":429,\"serviceErrorCode\":101,\"code\":\"TOO_MANY_REQUESTS\","
            + "\"message\":\"Resource level throttle MEMBER DAY limit for calls to this resource is reached.\"}";

    PlatformException error = translator.translate(429, new HttpHeaders(), body);

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(6));
            });
  }

  @Test
  void leavesTheWaitOpenForAThrottleThatIsNotDaily() {
    TransientPlatformException error =
        (TransientPlatformException)
            translator.translate(
                429, new HttpHeaders(), "{\"status\":429,\"message\":\"Too many requests\"}");

    assertThat(error.retryAfter()).isNull();
    assertThat(error.code()).isEqualTo("platform_rate_limited");
  }

  @Test
  void keepsTheMessageOfAVersionProblem() {
    String missing =
        "{\"status\":400,\"code\":\"VERSION_MISSING\",\"message\":\"A version must be present. Please specify a version by adding the LinkedIn-Version header.\"}";
    String inactive =
        "{\"status\":426,\"code\":\"NONEXISTENT_VERSION\",\"message\":\"Requested version 202001 is not active\"}";

    assertThat(translator.translate(400, new HttpHeaders(), missing))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageStartingWith("A version must be present.");
    assertThat(translator.translate(426, new HttpHeaders(), inactive))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Requested version 202001 is not active");
  }

  @Test
  void treatsAccessDeniedAsPermanent() {
    String body =
        "{\"status\":403,\"serviceErrorCode\":100,\"code\":\"ACCESS_DENIED\",\"message\":\"Not enough permissions to access: partnerApiPostsExternal.CREATE.20261101\"}";

    assertThat(translator.translate(403, new HttpHeaders(), body))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Not enough permissions to access: partnerApiPostsExternal.CREATE.20261101");
  }

  @Test
  void readsTheInputErrorWhenTheMessageIsMissing() {
    String body =
        "{\"errorDetailType\":\"com.linkedin.common.error.BadRequest\",\"errorDetails\":{\"inputErrors\":"
            + "[{\"description\":\"/commentary :: length 3001 exceeds 3000\",\"input\":{\"inputPath\":{\"fieldPath\":\"/commentary\"}},"
            + "\"code\":\"MAX_LENGTH_EXCEEDED\"}]},\"status\":422}";

    assertThat(translator.translate(422, new HttpHeaders(), body))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("/commentary :: length 3001 exceeds 3000");
  }

  @Test
  void namesThePostADuplicateRefusalPointsAt() {
    String body =
        "{\"errorDetailType\":\"com.linkedin.common.error.BadRequest\",\"message\":\"Content is a duplicate of urn:li:share:7300000000000000001\","
            + "\"errorDetails\":{\"inputErrors\":[{\"description\":\"Duplicate post is detected\",\"input\":{},\"code\":\"DUPLICATE_POST\"}]},\"status\":422}";

    PermanentPlatformException error =
        (PermanentPlatformException) translator.translate(422, new HttpHeaders(), body);

    assertThat(LinkedInErrorTranslator.duplicateOf(error))
        .contains("urn:li:share:7300000000000000001");
  }

  @Test
  void treatsServerErrorsAsTransientWithRetryAfter() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Retry-After", "20");

    PlatformException error =
        translator.translate(504, headers, "{\"status\":504,\"message\":\"Gateway Timeout\"}");

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20)))
        .hasMessage("Gateway Timeout");
    assertThat(translator.translate(500, new HttpHeaders(), "not json"))
        .hasMessage("LinkedIn answered HTTP 500");
  }
}

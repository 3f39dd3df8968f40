package dev.omnipost.connectors.x;

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

class XErrorTranslatorTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final XErrorTranslator translator =
      new XErrorTranslator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void turnsA401IntoAuthExpired() {
    PlatformException error =
        translator.translate(
            401,
            new HttpHeaders(),
            "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}");

    assertThat(error).isInstanceOf(AuthExpiredException.class).hasMessage("Unauthorized");
  }

  @Test
  void waitsUntilTheFifteenMinuteResetOnA429() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("x-rate-limit-limit", "100");
    headers.set("x-rate-limit-remaining", "0");
    headers.set("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(420).getEpochSecond()));

    PlatformException error =
        translator.translate(
            429,
            headers,
            "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}");

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(420));
            });
  }

  @Test
  void waitsForTheTwentyFourHourCapWhenThatIsWhatRanOut() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("x-rate-limit-remaining", "57");
    headers.set("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(300).getEpochSecond()));
    headers.set("x-user-limit-24hour-remaining", "0");
    headers.set(
        "x-user-limit-24hour-reset", String.valueOf(NOW.plusSeconds(36_000).getEpochSecond()));

    TransientPlatformException error =
        (TransientPlatformException) translator.translate(429, headers, "{}");

    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(36_000));
  }

  @Test
  void treatsUsageCappedAsRateLimitedWithTheAppCapsReset() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("x-app-limit-24hour-remaining", "0");
    headers.set(
        "x-app-limit-24hour-reset", String.valueOf(NOW.plusSeconds(3_600).getEpochSecond()));
    String body =
        "{\"title\":\"UsageCapExceeded\",\"detail\":\"Usage cap exceeded: Monthly product cap\","
            + "\"type\":\"https://api.twitter.com/2/problems/usage-capped\",\"status\":429}";

    TransientPlatformException error =
        (TransientPlatformException) translator.translate(429, headers, body);

    assertThat(error).hasMessage("Usage cap exceeded: Monthly product cap");
    assertThat(error.code()).isEqualTo("platform_rate_limited");
    assertThat(error.retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void keepsTheSpecificMessageOfAnInvalidRequest() {
    String body =
        "{\"errors\":[{\"parameters\":{\"media.media_ids\":[\"1\"]},\"message\":\"Your media IDs are invalid.\"}],"
            + "\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\","
            + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}";

    PlatformException error = translator.translate(400, new HttpHeaders(), body);

    assertThat(error)
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Your media IDs are invalid.");
  }

  @Test
  void recognisesTheDuplicateContent403() {
    String body =
        "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
            + "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}";

    PlatformException error = translator.translate(403, new HttpHeaders(), body);

    assertThat(error).isInstanceOf(PermanentPlatformException.class);
    assertThat(XErrorTranslator.isDuplicateContent((PermanentPlatformException) error)).isTrue();
  }

  @Test
  void treatsOtherForbiddenKindsAsPermanentAndNotAsDuplicates() {
    String clientForbidden =
        "{\"title\":\"Client Forbidden\",\"detail\":\"This request must be made using an approved developer account.\","
            + "\"type\":\"https://api.twitter.com/2/problems/client-forbidden\",\"status\":403}";
    String notAuthorized =
        "{\"title\":\"Forbidden\",\"detail\":\"You are not authorized to delete this Tweet.\","
            + "\"type\":\"https://api.twitter.com/2/problems/not-authorized-for-resource\",\"status\":403}";

    PlatformException forbidden = translator.translate(403, new HttpHeaders(), clientForbidden);
    PlatformException notYours = translator.translate(403, new HttpHeaders(), notAuthorized);

    assertThat(forbidden)
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("This request must be made using an approved developer account.");
    assertThat(XErrorTranslator.isDuplicateContent((PermanentPlatformException) forbidden))
        .isFalse();
    assertThat(notYours).isInstanceOf(PermanentPlatformException.class);
  }

  @Test
  void keepsTheDetailOfAResourceNotFound() {
    String body =
        "{\"errors\":[{\"value\":\"9\",\"detail\":\"Could not find tweet with id: [9].\",\"title\":\"Not Found Error\","
            + "\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"}],"
            + "\"title\":\"Not Found Error\",\"detail\":\"Could not find tweet with id: [9].\","
            + "\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"}";

    assertThat(translator.translate(404, new HttpHeaders(), body))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("Could not find tweet with id: [9].");
  }

  @Test
  void treatsServerErrorsAsTransientEvenWithoutJson() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Retry-After", "30");

    PlatformException error = translator.translate(503, headers, "<html>over capacity</html>");

    assertThat(error)
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_unavailable");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            })
        .hasMessage("X answered HTTP 503");
  }
}

package dev.omnipost.connectors.tiktok;

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

class TikTokErrorTranslatorTests {

  private final TikTokErrorTranslator translator =
      new TikTokErrorTranslator(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void turnsADeadTokenAndAMissingScopeIntoAuthExpired() {
    assertThat(
            translator.translate(
                401,
                new HttpHeaders(),
                body(
                    "access_token_invalid",
                    "The access token is invalid or not found in the request.")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("The access token is invalid or not found in the request.");
    assertThat(
            translator.translate(
                401,
                new HttpHeaders(),
                body("scope_not_authorized", "The user did not authorize the scope.")))
        .isInstanceOf(AuthExpiredException.class);
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body("scope_permission_missed", "Additional scopes needed.")))
        .isInstanceOf(AuthExpiredException.class);
  }

  @Test
  void waitsTheMinuteWindowOnRateLimitExceededOrRetryAfterWhenSent() {
    String body =
        body("rate_limit_exceeded", "The API rate limit was exceeded. Please try again later.");
    HttpHeaders told = new HttpHeaders();
    told.set("Retry-After", "12");

    var bare = (TransientPlatformException) translator.translate(429, new HttpHeaders(), body);
    var withHeader = (TransientPlatformException) translator.translate(429, told, body);

    assertThat(bare.code()).isEqualTo("platform_rate_limited");
    assertThat(bare.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(bare).hasMessage("The API rate limit was exceeded. Please try again later.");
    assertThat(withHeader.retryAfter()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void treatsTheDailyPostCapAndTheActiveUserCapAsRateLimitsOfAnHour() {
    var posts =
        (TransientPlatformException)
            translator.translate(
                403,
                new HttpHeaders(),
                body(
                    "spam_risk_too_many_posts",
                    "The daily post cap from the API is reached for the current user."));
    var users =
        (TransientPlatformException)
            translator.translate(
                403,
                new HttpHeaders(),
                body(
                    "reached_active_user_cap",
                    "The daily quota for active publishing users is reached."));

    assertThat(posts.code()).isEqualTo("platform_rate_limited");
    assertThat(posts.retryAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(users.code()).isEqualTo("platform_rate_limited");
  }

  @Test
  void keepsTikToksMessageForRefusals() {
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                body("invalid_params", "post_info.title must be at most 2200 UTF-16 runes.")))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("post_info.title must be at most 2200 UTF-16 runes.");
    assertThat(
            translator.translate(400, new HttpHeaders(), body("privacy_level_option_mismatch", "")))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("TikTok answered privacy_level_option_mismatch");
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body(
                    "spam_risk_user_banned_from_posting",
                    "The user is banned from making new posts.")))
        .isInstanceOf(PermanentPlatformException.class);
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body(
                    "unaudited_client_can_only_post_to_private_accounts",
                    "Unaudited clients can only post to private accounts.")))
        .isInstanceOf(PermanentPlatformException.class);
    assertThat(
            translator.translate(
                403,
                new HttpHeaders(),
                body("url_ownership_unverified", "The URL's domain is not verified.")))
        .isInstanceOf(PermanentPlatformException.class);
    assertThat(
            translator.translate(
                400,
                new HttpHeaders(),
                body("invalid_file_upload", "chunk 1 must be 5242880 bytes.")))
        .isInstanceOf(PermanentPlatformException.class);
  }

  @Test
  void treatsInternalErrorsAndServerErrorsWithoutJsonAsTransient() {
    assertThat(
            translator.translate(
                500, new HttpHeaders(), body("internal_error", "Something went wrong.")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
    assertThat(translator.translate(502, new HttpHeaders(), "<html>Bad Gateway</html>"))
        .isInstanceOf(TransientPlatformException.class)
        .hasMessage("TikTok answered HTTP 502");
  }

  private static String body(String code, String message) {
    return "{\"error\":{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"log_id\":\"202612030000\"}}";
  }
}

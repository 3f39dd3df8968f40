package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VideoLimitsTests {

  @Test
  void takesTenMinutesOnTikTokAndFifteenOnYouTube() {
    assertThat(VideoLimits.check(Platform.TIKTOK, Duration.ofMinutes(10))).isEmpty();
    assertThat(VideoLimits.check(Platform.TIKTOK, Duration.ofSeconds(601)))
        .hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("video_too_long"));
    assertThat(VideoLimits.check(Platform.YOUTUBE, Duration.ofMinutes(15))).isEmpty();
    assertThat(VideoLimits.check(Platform.YOUTUBE, Duration.ofMinutes(16)))
        .hasValueSatisfying(
            v ->
                assertThat(v.message())
                    .isEqualTo("youtube takes videos up to 900 seconds; this one lasts 960"));
  }

  @Test
  void takesNoVideoOnGoogleBusinessAndKnowsNoLimitElsewhere() {
    assertThat(VideoLimits.check(Platform.GOOGLE_BUSINESS, Duration.ofSeconds(5)))
        .hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("video_not_supported"));
    assertThat(VideoLimits.maxDuration(Platform.MASTODON)).isEmpty();
  }

  @Test
  void letsTikTokPhotoPostsCarryThirtyFivePhotos() {
    assertThat(PlatformRules.of(Platform.TIKTOK).check("x", 35)).isEmpty();
    assertThat(PlatformRules.of(Platform.TIKTOK).check("x", 36))
        .extracting(RuleViolation::code)
        .containsExactly("too_many_media");
    assertThat(PlatformRules.of(Platform.YOUTUBE).check("x", 0))
        .extracting(RuleViolation::code)
        .containsExactly("media_required");
  }
}

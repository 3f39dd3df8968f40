package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.Finding.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule book per platform: each rule's limit, one side of it and the other. */
class PlatformRulesTests {

  private static final long MB = 1024 * 1024;

  private static MediaFacts jpeg(int width, int height) {
    return MediaFacts.image("med_j" + width + "x" + height, "image/jpeg", 200_000, width, height);
  }

  private static MediaFacts png() {
    return MediaFacts.image("med_png", "image/png", 200_000, 1000, 1000);
  }

  private static MediaFacts gif() {
    return MediaFacts.image("med_gif", "image/gif", 2 * MB, 400, 300);
  }

  private static MediaFacts video(int width, int height, long millis, String codec) {
    return new MediaFacts("med_vid", "video/mp4", 5 * MB, width, height, millis, codec);
  }

  private static MediaFacts portraitVideo(long millis) {
    return video(1080, 1920, millis, "avc1");
  }

  private static List<Finding> check(Platform platform, String text, MediaFacts... media) {
    return PlatformRules.of(platform).check(PostContent.of(text, List.of(media)));
  }

  private static List<Finding> check(
      Platform platform, String text, Map<String, Object> options, MediaFacts... media) {
    return PlatformRules.of(platform)
        .check(new PostContent(text, List.of(media), options, Set.of()));
  }

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::code).toList();
  }

  @Test
  void hasRulesForEveryPlatform() {
    assertThat(Arrays.stream(Platform.values()).map(PlatformRules::of)).doesNotContainNull();
  }

  @Test
  void treatsMissingTextAsEmpty() {
    assertThat(PlatformRules.of(Platform.MASTODON).countText(null)).isZero();
  }

  @Test
  void findingsNameTheFieldTheLimitAndTheActualValue() {
    Finding finding = check(Platform.MASTODON, "a".repeat(501)).get(0);

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.code()).isEqualTo("text.too_long");
    assertThat(finding.field()).isEqualTo("text");
    assertThat(finding.limit()).isEqualTo(500);
    assertThat(finding.actual()).isEqualTo(501);
    assertThat(finding.message()).contains("500 characters").contains("501");
  }

  @Test
  void xCountsWeightedTextAndTakesFourPhotosOrOneGifOrOneVideo() {
    assertThat(check(Platform.TWITTER, "你".repeat(140))).isEmpty();
    assertThat(check(Platform.TWITTER, "你".repeat(141)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("280 weighted characters", "282"));
    assertThat(check(Platform.TWITTER, "x", png(), png(), png(), png())).isEmpty();
    assertThat(codes(check(Platform.TWITTER, "x", png(), png(), png(), png(), png())))
        .containsExactly("media.too_many");
    assertThat(codes(check(Platform.TWITTER, "x", gif(), png()))).containsExactly("media.too_many");
    assertThat(codes(check(Platform.TWITTER, "x", portraitVideo(10_000), png())))
        .containsExactly("media.mixed_types");
    assertThat(check(Platform.TWITTER, "x", gif())).isEmpty();
  }

  @Test
  void xVideoLimits() {
    assertThat(check(Platform.TWITTER, "x", video(1280, 720, 140_000, "avc1"))).isEmpty();
    assertThat(codes(check(Platform.TWITTER, "x", video(1280, 720, 140_001, "avc1"))))
        .containsExactly("video.too_long");
    assertThat(codes(check(Platform.TWITTER, "x", video(3840, 2160, 10_000, "avc1"))))
        .containsExactly("media.dimensions");
    assertThat(codes(check(Platform.TWITTER, "x", video(1200, 300, 10_000, "avc1"))))
        .containsExactly("media.aspect_ratio");
    assertThat(codes(check(Platform.TWITTER, "x", video(1280, 720, 10_000, "hvc1"))))
        .containsExactly("video.unsupported_codec");
    MediaFacts big = MediaFacts.image("med_big", "image/png", 5 * MB + 1, 100, 100);
    assertThat(check(Platform.TWITTER, "x", big))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("media.too_large");
              assertThat(f.message()).contains("5 MB");
            });
  }

  @Test
  void mastodonTakesFourImagesOrOneVideo() {
    assertThat(check(Platform.MASTODON, "a".repeat(500), png(), png(), png(), png())).isEmpty();
    assertThat(codes(check(Platform.MASTODON, "a", png(), png(), png(), png(), png())))
        .containsExactly("media.too_many");
    assertThat(codes(check(Platform.MASTODON, "a", portraitVideo(1000), png())))
        .containsExactly("media.mixed_types");
  }

  @Test
  void instagramNeedsJpegOrVideoInItsAspectRangeAndLimitsTagsAndMentions() {
    assertThat(codes(check(Platform.INSTAGRAM, "caption"))).containsExactly("media.required");
    assertThat(check(Platform.INSTAGRAM, "😀".repeat(2200), jpeg(1080, 1350))).isEmpty();
    assertThat(codes(check(Platform.INSTAGRAM, "a".repeat(2201), jpeg(1080, 1080))))
        .containsExactly("text.too_long");
    assertThat(check(Platform.INSTAGRAM, "c", png()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("media.unsupported_type");
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
            });
    assertThat(codes(check(Platform.INSTAGRAM, "c", gif())))
        .containsExactly("media.unsupported_type");
    assertThat(PlatformRules.hasErrors(check(Platform.INSTAGRAM, "c", gif()))).isTrue();
    assertThat(check(Platform.INSTAGRAM, "c", jpeg(1000, 2000)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("media.aspect_ratio");
              assertThat(f.field()).isEqualTo("media_ids[0]");
              assertThat(f.message()).contains("between 4:5 and 1.91:1");
            });
    assertThat(codes(check(Platform.INSTAGRAM, "c", jpeg(2000, 1000))))
        .containsExactly("media.aspect_ratio");
    assertThat(codes(check(Platform.INSTAGRAM, "c", portraitVideo(2_000))))
        .containsExactly("video.too_short");
    assertThat(codes(check(Platform.INSTAGRAM, "c", portraitVideo(901_000))))
        .containsExactly("video.too_long");
    assertThat(check(Platform.INSTAGRAM, "#a ".repeat(30), jpeg(1080, 1080))).isEmpty();
    assertThat(codes(check(Platform.INSTAGRAM, "#a ".repeat(31), jpeg(1080, 1080))))
        .containsExactly("text.too_many_hashtags");
    assertThat(codes(check(Platform.INSTAGRAM, "@a ".repeat(21), jpeg(1080, 1080))))
        .containsExactly("text.too_many_mentions");
    MediaFacts[] eleven = new MediaFacts[11];
    Arrays.fill(eleven, jpeg(1080, 1080));
    assertThat(codes(check(Platform.INSTAGRAM, "c", eleven))).containsExactly("media.too_many");
  }

  @Test
  void facebookTakesTenImagesOrOneVideo() {
    MediaFacts[] ten = new MediaFacts[10];
    Arrays.fill(ten, png());
    assertThat(check(Platform.FACEBOOK, "a".repeat(63206), ten)).isEmpty();
    assertThat(codes(check(Platform.FACEBOOK, "a".repeat(63207)))).containsExactly("text.too_long");
    assertThat(codes(check(Platform.FACEBOOK, "a", portraitVideo(1000), png())))
        .containsExactly("media.mixed_types");
    assertThat(codes(check(Platform.FACEBOOK, "a", portraitVideo(240 * 60_000 + 1))))
        .containsExactly("video.too_long");
  }

  @Test
  void linkedInLimitsPixelsAndVideoLength() {
    assertThat(check(Platform.LINKEDIN, "a".repeat(3000), jpeg(6000, 6000))).isEmpty();
    assertThat(codes(check(Platform.LINKEDIN, "a", jpeg(7000, 7000))))
        .containsExactly("media.dimensions");
    assertThat(codes(check(Platform.LINKEDIN, "a", portraitVideo(1_801_000))))
        .containsExactly("video.too_long");
    assertThat(codes(check(Platform.LINKEDIN, "a".repeat(3001)))).containsExactly("text.too_long");
  }

  @Test
  void tiktokNeedsOneVideoAndAPrivacyLevel() {
    Map<String, Object> options = Map.of("privacy_level", "SELF_ONLY");
    assertThat(check(Platform.TIKTOK, "t", options, portraitVideo(30_000))).isEmpty();
    assertThat(check(Platform.TIKTOK, "t", Map.of(), portraitVideo(30_000)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("option.required");
              assertThat(f.field()).isEqualTo("platform_options.tiktok.privacy_level");
            });
    assertThat(
            codes(
                check(
                    Platform.TIKTOK,
                    "t",
                    Map.of("privacy_level", "FRIENDS"),
                    portraitVideo(30_000))))
        .containsExactly("option.invalid");
    assertThat(check(Platform.TIKTOK, "t", options, jpeg(1080, 1920))).isEmpty(); // a photo post
    assertThat(codes(check(Platform.TIKTOK, "t", options, png())))
        .containsExactly("media.unsupported_type");
    assertThat(codes(check(Platform.TIKTOK, "t", options))).containsExactly("media.required");
    assertThat(codes(check(Platform.TIKTOK, "t", options, portraitVideo(601_000))))
        .containsExactly("video.too_long");
    assertThat(codes(check(Platform.TIKTOK, "t", options, video(320, 240, 5000, "avc1"))))
        .contains("media.dimensions");
    assertThat(check(Platform.TIKTOK, "t", options, video(1920, 1080, 30_000, "avc1")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.code()).isEqualTo("media.aspect_ratio");
            });
    assertThat(codes(check(Platform.TIKTOK, "t", options, video(1080, 1920, 30_000, "mp4v"))))
        .containsExactly("video.unsupported_codec");
  }

  @Test
  void youtubeNeedsAVideoAndATitleOfAtMost100() {
    assertThat(check(Platform.YOUTUBE, "d", Map.of("title", "T"), portraitVideo(1000))).isEmpty();
    assertThat(codes(check(Platform.YOUTUBE, "d", Map.of(), portraitVideo(1000))))
        .containsExactly("option.required");
    assertThat(
            codes(
                check(
                    Platform.YOUTUBE, "d", Map.of("title", "t".repeat(101)), portraitVideo(1000))))
        .containsExactly("option.too_long");
    assertThat(
            codes(
                check(
                    Platform.YOUTUBE,
                    "d",
                    Map.of("title", "T", "privacy_status", "secret"),
                    portraitVideo(1000))))
        .containsExactly("option.invalid");
    assertThat(codes(check(Platform.YOUTUBE, "d", Map.of("title", "T"), png())))
        .containsExactly("media.unsupported_type");
  }

  @Test
  void pinterestNeedsABoardUnlessTheAccountHasOneAndATitleOfAtMost100() {
    PlatformRules pinterest = PlatformRules.of(Platform.PINTEREST);
    assertThat(codes(pinterest.check(PostContent.of("d", List.of(png())))))
        .containsExactly("option.required");
    assertThat(pinterest.check(new PostContent("d", List.of(png()), Map.of(), Set.of("board_id"))))
        .isEmpty();
    assertThat(
            pinterest.check(
                new PostContent("d", List.of(png()), Map.of("board_id", "b1"), Set.of())))
        .isEmpty();
    assertThat(
            codes(
                pinterest.check(
                    new PostContent(
                        "d",
                        List.of(png()),
                        Map.of("board_id", "b1", "title", "t".repeat(101)),
                        Set.of()))))
        .containsExactly("option.too_long");
    assertThat(
            codes(
                pinterest.check(
                    new PostContent(
                        "d", List.of(jpeg(500, 1500)), Map.of("board_id", "b"), Set.of()))))
        .containsExactly("media.aspect_ratio");
    assertThat(pinterest.check(new PostContent("d", List.of(), Map.of("board_id", "b"), Set.of())))
        .extracting(Finding::code)
        .containsExactly("media.required");
    assertThat(codes(check(Platform.PINTEREST, "a".repeat(801), Map.of("board_id", "b"), png())))
        .containsExactly("text.too_long");
  }

  @Test
  void threadsLimitsTextAndVideoLength() {
    assertThat(check(Platform.THREADS, "a".repeat(500))).isEmpty();
    assertThat(codes(check(Platform.THREADS, "a".repeat(501)))).containsExactly("text.too_long");
    assertThat(codes(check(Platform.THREADS, "a", portraitVideo(301_000))))
        .containsExactly("video.too_long");
    assertThat(codes(check(Platform.THREADS, "a", jpeg(5000, 400))))
        .containsExactly("media.aspect_ratio");
  }

  @Test
  void blueskyCountsGraphemesAndBytesAndTakesSmallImages() {
    String family = "👨‍👩‍👧‍👦";
    assertThat(check(Platform.BLUESKY, family.repeat(120))).isEmpty(); // 120 graphemes, 3000 bytes
    assertThat(codes(check(Platform.BLUESKY, family.repeat(121)))).containsExactly("text.too_long");
    assertThat(codes(check(Platform.BLUESKY, "a".repeat(301)))).containsExactly("text.too_long");
    MediaFacts big = MediaFacts.image("med_b", "image/png", 1_000_001, 100, 100);
    assertThat(codes(check(Platform.BLUESKY, "a", big))).containsExactly("media.too_large");
    assertThat(codes(check(Platform.BLUESKY, "a", gif())))
        .containsExactly("media.unsupported_type");
  }

  @Test
  void googleBusinessNeedsATopicTypeAndImagesOfAtLeast250() {
    Map<String, Object> standard = Map.of("topic_type", "STANDARD");
    assertThat(check(Platform.GOOGLE_BUSINESS, "a".repeat(1500), standard, png())).isEmpty();
    assertThat(codes(check(Platform.GOOGLE_BUSINESS, "a"))).containsExactly("option.required");
    assertThat(check(Platform.GOOGLE_BUSINESS, "a", standard, jpeg(200, 300)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("media.dimensions");
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
            });
    assertThat(codes(check(Platform.GOOGLE_BUSINESS, "a", standard, portraitVideo(1000))))
        .containsExactly("media.unsupported_type");
    assertThat(codes(check(Platform.GOOGLE_BUSINESS, "a".repeat(1501), standard)))
        .containsExactly("text.too_long");
  }

  @Test
  void aVideoWhoseFactsCouldNotBeReadIsAWarningNotAnError() {
    MediaFacts unknown = new MediaFacts("med_v", "video/mp4", 1000, null, null, null, null);

    assertThat(check(Platform.TWITTER, "x", unknown))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.code()).isEqualTo("video.metadata_unknown");
            });
    assertThat(PlatformRules.hasErrors(check(Platform.TWITTER, "x", unknown))).isFalse();
  }
}

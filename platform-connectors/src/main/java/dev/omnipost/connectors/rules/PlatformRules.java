package dev.omnipost.connectors.rules;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.MediaLimits.Aspect;
import dev.omnipost.connectors.rules.MediaLimits.Images;
import dev.omnipost.connectors.rules.MediaLimits.Videos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A platform's rule book: its documented limits on what a post may contain (shared PLATFORMS.md,
 * and the platform's own media specifications where PLATFORMS.md names none), checked before
 * anything is stored so users hear about a too-long caption or a too-long video at request time.
 * {@link #check} answers {@link Finding}s: errors the platform would refuse, warnings it would
 * accept but handle badly. Post creation and {@code POST /v1/posts/validate} use this one book.
 *
 * @param maxTextLength the limit in the platform's own unit, counted by {@code counter}
 * @param maxMedia how many attachments one post may carry
 * @param mediaRequired whether a post needs at least one attachment (Instagram, TikTok, ...)
 * @param media which attachments the platform takes
 * @param extra the platform's own rules beyond length and media (required options, X's media
 *     combinations, Bluesky's byte limit, ...)
 */
public record PlatformRules(
    Platform platform,
    int maxTextLength,
    TextCounter counter,
    int maxMedia,
    boolean mediaRequired,
    MediaLimits media,
    List<ContentRule> extra) {

  /** A rule of one platform beyond the common ones. */
  @FunctionalInterface
  public interface ContentRule {
    void check(PlatformRules rules, PostContent post, List<Finding> findings);
  }

  private static final long KB = 1000;
  private static final long MB = 1024 * 1024;
  private static final long GB = 1024 * MB;

  private static final String JPEG = "image/jpeg";
  private static final String PNG = "image/png";
  private static final String GIF = "image/gif";
  private static final String WEBP = "image/webp";
  private static final String MP4 = "video/mp4";
  private static final String MOV = "video/quicktime";

  private static final Set<String> H264 = Set.of("avc1", "avc3");
  private static final Set<String> H264_HEVC = Set.of("avc1", "avc3", "hvc1", "hev1");

  private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_])#[\\p{L}\\p{N}_]+");
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.])@[\\p{L}\\p{N}_.]+");

  private static final Map<Platform, PlatformRules> RULES = new EnumMap<>(Platform.class);

  static {
    TextCounter codePoints = TextCounter.codePoints();
    register(
        new PlatformRules(
            Platform.TWITTER,
            280,
            new XWeightedTextCounter(),
            4,
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, GIF, WEBP), 5 * MB).gifs(15 * MB),
                Videos.of(
                        Set.of(MP4, MOV), 512 * MB, Duration.ofMillis(500), Duration.ofSeconds(140))
                    .sides(32, 1920, 1920)
                    .aspect(Aspect.of(1, 3), Aspect.of(3, 1))
                    .codecs(H264),
                1,
                false),
            List.of(PlatformRules::xPhotosOrOneGifOrOneVideo)));
    register(
        new PlatformRules(
            Platform.MASTODON,
            500,
            new MastodonTextCounter(),
            4,
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, GIF, WEBP), 16 * MB),
                Videos.of(Set.of(MP4, MOV), 99 * MB, null, null),
                1,
                false),
            List.of()));
    register(
        new PlatformRules(
            Platform.INSTAGRAM,
            2200,
            codePoints,
            10,
            true,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG), 8 * MB).aspect(Aspect.of(4, 5), Aspect.of(1.91, 1)),
                Videos.of(Set.of(MP4, MOV), 300 * MB, Duration.ofSeconds(3), Duration.ofMinutes(15))
                    .codecs(H264_HEVC),
                10,
                true),
            List.of(
                maxMatches(HASHTAG, 30, "text.too_many_hashtags", "hashtags"),
                maxMatches(MENTION, 20, "text.too_many_mentions", "mentions"),
                PlatformRules::instagramDocumentsJpeg)));
    register(
        new PlatformRules(
            Platform.FACEBOOK,
            63206,
            codePoints,
            10,
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, GIF), 10 * MB),
                Videos.of(Set.of(MP4, MOV), 1 * GB, Duration.ofSeconds(1), Duration.ofMinutes(240)),
                1,
                false),
            List.of()));
    register(
        new PlatformRules(
            Platform.LINKEDIN,
            3000,
            codePoints,
            20,
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, GIF), 8 * MB).maxPixels(36_152_320),
                Videos.of(Set.of(MP4), 500 * MB, Duration.ofSeconds(3), Duration.ofMinutes(30)),
                1,
                false),
            List.of()));
    register(
        new PlatformRules(
            Platform.TIKTOK,
            2200,
            codePoints,
            35, // a photo post takes up to 35 photos; a video post one video
            true,
            new MediaLimits(
                Images.of(Set.of(JPEG, WEBP), 20 * MB),
                Videos.of(Set.of(MP4, MOV), 4 * GB, Duration.ofSeconds(3), Duration.ofMinutes(10))
                    .sides(360, 4096, 4096)
                    .codecs(Set.of("avc1", "avc3", "hvc1", "hev1", "vp08", "vp09")),
                1,
                false),
            List.of(
                requiredChoice(
                    "privacy_level",
                    List.of(
                        "PUBLIC_TO_EVERYONE",
                        "MUTUAL_FOLLOW_FRIENDS",
                        "FOLLOWER_OF_CREATOR",
                        "SELF_ONLY")),
                PlatformRules::tiktokPrefersPortrait)));
    register(
        new PlatformRules(
            Platform.YOUTUBE,
            5000,
            codePoints,
            1,
            true,
            new MediaLimits(
                null, Videos.of(Set.of(MP4, MOV), 256 * GB, null, Duration.ofHours(12)), 1, false),
            List.of(
                requiredOption("title", 100),
                optionalChoice("privacy_status", List.of("public", "unlisted", "private")))));
    register(
        new PlatformRules(
            Platform.PINTEREST,
            800,
            codePoints,
            1,
            true,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, GIF, WEBP), 20 * MB),
                Videos.of(Set.of(MP4, MOV), 2 * GB, Duration.ofSeconds(4), Duration.ofMinutes(15))
                    .aspect(Aspect.of(1, 2), Aspect.of(1.91, 1)),
                1,
                false),
            List.of(
                PlatformRules::pinterestBoard,
                optionalLength("title", 100),
                optionalLength("link", 2048),
                optionalLength("alt_text", 500),
                PlatformRules::pinterestTallImages)));
    register(
        new PlatformRules(
            Platform.THREADS,
            500,
            codePoints,
            20, // a carousel holds up to 20 items
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG), 8 * MB).aspect(null, Aspect.of(10, 1)),
                Videos.of(Set.of(MP4, MOV), 1 * GB, null, Duration.ofMinutes(5)),
                20,
                true),
            List.of()));
    register(
        new PlatformRules(
            Platform.BLUESKY,
            300,
            new GraphemeTextCounter(),
            4,
            false,
            new MediaLimits(
                Images.of(Set.of(JPEG, PNG, WEBP), 1_000_000),
                Videos.of(Set.of(MP4), 100 * MB, null, Duration.ofMinutes(3)),
                1,
                false),
            List.of(PlatformRules::blueskyBytes)));
    register(
        new PlatformRules(
            Platform.GOOGLE_BUSINESS,
            1500,
            codePoints,
            1,
            false,
            new MediaLimits(Images.of(Set.of(JPEG, PNG), 5 * MB), null, 0, false),
            List.of(
                requiredChoice("topic_type", List.of("STANDARD", "EVENT", "OFFER")),
                PlatformRules::googleBusinessSmallPhotos)));
  }

  private static void register(PlatformRules rules) {
    RULES.put(rules.platform(), rules);
  }

  public static PlatformRules of(Platform platform) {
    return RULES.get(platform);
  }

  /** The text's length as this platform counts it. */
  public int countText(String text) {
    return counter.count(text == null ? "" : text);
  }

  /** The unit {@link #countText} counts in, for messages. */
  public String textUnit() {
    return switch (platform) {
      case TWITTER -> "weighted characters";
      case BLUESKY -> "graphemes";
      default -> "characters";
    };
  }

  /** Everything the rule book says about this copy of a post; empty when it is fine as is. */
  public List<Finding> check(PostContent post) {
    List<Finding> findings = new ArrayList<>();
    int length = countText(post.text());
    if (length > maxTextLength) {
      findings.add(
          Finding.error(
              "text.too_long",
              "text",
              "%s allows %d %s; this text counts %d"
                  .formatted(platform.id(), maxTextLength, textUnit(), length),
              maxTextLength,
              length));
    }
    List<MediaFacts> attachments = post.media();
    if (mediaRequired && attachments.isEmpty()) {
      findings.add(
          Finding.error(
              "media.required",
              "media_ids",
              "%s posts need at least one %s"
                  .formatted(platform.id(), media.images() == null ? "video" : "media file"),
              1,
              0));
    }
    if (attachments.size() > maxMedia) {
      findings.add(
          Finding.error(
              "media.too_many",
              "media_ids",
              "%s allows %d media files per post; this post has %d"
                  .formatted(platform.id(), maxMedia, attachments.size()),
              maxMedia,
              attachments.size()));
    }
    checkVideoCount(attachments, findings);
    for (int i = 0; i < attachments.size(); i++) {
      checkMedium(attachments.get(i), "media_ids[" + i + "]", findings);
    }
    for (ContentRule rule : extra) {
      rule.check(this, post, findings);
    }
    return findings;
  }

  /** What the rule book says about a text-only post, e.g. a generated caption. */
  public List<Finding> checkText(String text) {
    return check(PostContent.of(text, List.of()));
  }

  /** Whether any finding is an error, i.e. the platform would refuse the post. */
  public static boolean hasErrors(List<Finding> findings) {
    return findings.stream().anyMatch(Finding::isError);
  }

  private void checkVideoCount(List<MediaFacts> attachments, List<Finding> findings) {
    long videos = attachments.stream().filter(MediaFacts::isVideo).count();
    if (media.videos() != null && videos > media.maxVideos()) {
      findings.add(
          Finding.error(
              "media.too_many",
              "media_ids",
              "%s allows %d video per post; this post has %d"
                  .formatted(platform.id(), media.maxVideos(), videos),
              media.maxVideos(),
              videos));
    }
    if (!media.mixes() && videos > 0 && videos < attachments.size()) {
      findings.add(
          Finding.error(
              "media.mixed_types",
              "media_ids",
              "%s does not mix a video with other media in one post".formatted(platform.id()),
              null,
              null));
    }
  }

  private void checkMedium(MediaFacts medium, String field, List<Finding> findings) {
    String type = medium.contentType();
    if (medium.isVideo() && media.videos() != null && media.videos().types().contains(type)) {
      checkVideo(medium, media.videos(), field, findings);
    } else if (medium.isImage()
        && media.images() != null
        && media.images().types().contains(type)) {
      checkImage(medium, media.images(), field, findings);
    } else {
      List<String> accepted = new ArrayList<>();
      if (media.images() != null) {
        accepted.addAll(media.images().types().stream().sorted().toList());
      }
      if (media.videos() != null) {
        accepted.addAll(media.videos().types().stream().sorted().toList());
      }
      findings.add(
          Finding.error(
              "media.unsupported_type",
              field,
              "%s does not accept %s; it takes %s"
                  .formatted(platform.id(), type, String.join(", ", accepted)),
              accepted,
              type));
    }
  }

  private void checkImage(MediaFacts image, Images limits, String field, List<Finding> findings) {
    long maxBytes = limits.limitFor(image.contentType());
    if (image.sizeBytes() > maxBytes) {
      findings.add(tooLarge(field, image, maxBytes));
    }
    if (!image.hasDimensions()) {
      return;
    }
    if (image.width() < limits.minWidth() || image.height() < limits.minHeight()) {
      findings.add(
          Finding.error(
              "media.dimensions",
              field,
              "%s images must be at least %dx%d pixels; this one is %dx%d"
                  .formatted(
                      platform.id(),
                      limits.minWidth(),
                      limits.minHeight(),
                      image.width(),
                      image.height()),
              limits.minWidth() + "x" + limits.minHeight(),
              image.width() + "x" + image.height()));
    }
    long pixels = (long) image.width() * image.height();
    if (limits.maxPixels() > 0 && pixels > limits.maxPixels()) {
      findings.add(
          Finding.error(
              "media.dimensions",
              field,
              "%s images may have at most %d pixels; this one has %d (%dx%d)"
                  .formatted(
                      platform.id(), limits.maxPixels(), pixels, image.width(), image.height()),
              limits.maxPixels(),
              pixels));
    }
    checkAspect(image, "images", limits.minAspect(), limits.maxAspect(), field, findings);
  }

  private void checkVideo(MediaFacts video, Videos limits, String field, List<Finding> findings) {
    if (video.sizeBytes() > limits.maxBytes()) {
      findings.add(tooLarge(field, video, limits.maxBytes()));
    }
    Long millis = video.durationMillis();
    boolean durationLimited = limits.minDuration() != null || limits.maxDuration() != null;
    if (millis == null) {
      if (durationLimited || limits.minSide() > 0 || limits.minAspect() != null) {
        findings.add(
            Finding.warning(
                "video.metadata_unknown",
                field,
                "the duration and dimensions of this video could not be read, so %s's limits"
                        .formatted(platform.id())
                    + " on them were not checked",
                null,
                null));
      }
    } else {
      Duration duration = Duration.ofMillis(millis);
      if (limits.maxDuration() != null && duration.compareTo(limits.maxDuration()) > 0) {
        findings.add(
            Finding.error(
                "video.too_long",
                field,
                "%s allows videos up to %s; this one is %s"
                    .formatted(platform.id(), seconds(limits.maxDuration()), seconds(duration)),
                limits.maxDuration().toMillis() / 1000.0,
                millis / 1000.0));
      }
      if (limits.minDuration() != null && duration.compareTo(limits.minDuration()) < 0) {
        findings.add(
            Finding.error(
                "video.too_short",
                field,
                "%s needs videos of at least %s; this one is %s"
                    .formatted(platform.id(), seconds(limits.minDuration()), seconds(duration)),
                limits.minDuration().toMillis() / 1000.0,
                millis / 1000.0));
      }
    }
    if (video.hasDimensions()) {
      int shorter = Math.min(video.width(), video.height());
      if (limits.minSide() > 0 && shorter < limits.minSide()) {
        findings.add(
            Finding.error(
                "media.dimensions",
                field,
                "%s needs videos at least %d pixels on each side; this one is %dx%d"
                    .formatted(platform.id(), limits.minSide(), video.width(), video.height()),
                limits.minSide(),
                video.width() + "x" + video.height()));
      }
      if ((limits.maxWidth() > 0 && video.width() > limits.maxWidth())
          || (limits.maxHeight() > 0 && video.height() > limits.maxHeight())) {
        findings.add(
            Finding.error(
                "media.dimensions",
                field,
                "%s allows videos up to %dx%d pixels; this one is %dx%d"
                    .formatted(
                        platform.id(),
                        limits.maxWidth(),
                        limits.maxHeight(),
                        video.width(),
                        video.height()),
                limits.maxWidth() + "x" + limits.maxHeight(),
                video.width() + "x" + video.height()));
      }
      checkAspect(video, "videos", limits.minAspect(), limits.maxAspect(), field, findings);
    }
    String codec = video.videoCodec();
    if (codec != null && !limits.codecs().isEmpty() && !limits.codecs().contains(codec)) {
      findings.add(
          Finding.error(
              "video.unsupported_codec",
              field,
              "%s accepts video encoded as %s; this one is %s"
                  .formatted(
                      platform.id(),
                      String.join(", ", limits.codecs().stream().sorted().toList()),
                      codec),
              limits.codecs().stream().sorted().toList(),
              codec));
    }
  }

  private void checkAspect(
      MediaFacts medium,
      String kind,
      Aspect narrowest,
      Aspect widest,
      String field,
      List<Finding> findings) {
    double aspect = medium.aspect();
    boolean tooNarrow = narrowest != null && aspect < narrowest.value() - 0.005;
    boolean tooWide = widest != null && aspect > widest.value() + 0.005;
    if (!tooNarrow && !tooWide) {
      return;
    }
    String range =
        narrowest == null
            ? "up to " + widest.label()
            : widest == null
                ? "from " + narrowest.label()
                : "between " + narrowest.label() + " and " + widest.label();
    findings.add(
        Finding.error(
            "media.aspect_ratio",
            field,
            "%s %s need an aspect ratio (width:height) %s; this one is %dx%d (%.2f:1)"
                .formatted(platform.id(), kind, range, medium.width(), medium.height(), aspect),
            range,
            Math.round(aspect * 100) / 100.0));
  }

  private Finding tooLarge(String field, MediaFacts medium, long maxBytes) {
    return Finding.error(
        "media.too_large",
        field,
        "%s allows %s files up to %s; this one is %s"
            .formatted(
                platform.id(), medium.contentType(), bytes(maxBytes), bytes(medium.sizeBytes())),
        maxBytes,
        medium.sizeBytes());
  }

  // the platforms' own rules

  /** X: up to 4 photos, or 1 GIF, or 1 video, never mixed. */
  private static void xPhotosOrOneGifOrOneVideo(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    long gifs = post.media().stream().filter(MediaFacts::isGif).count();
    if (gifs > 0 && post.media().size() > 1) {
      findings.add(
          Finding.error(
              "media.too_many",
              "media_ids",
              "twitter allows 4 photos, or 1 GIF, or 1 video per post; this post has a GIF and %d"
                      .formatted(post.media().size() - 1)
                  + " more",
              1,
              post.media().size()));
    }
  }

  private static void blueskyBytes(PlatformRules rules, PostContent post, List<Finding> findings) {
    int bytes = post.text().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 3000) {
      findings.add(
          Finding.error(
              "text.too_long",
              "text",
              "bluesky allows 3000 bytes of UTF-8 text; this text has " + bytes,
              3000,
              bytes));
    }
  }

  /** Pinterest: a board from the post's options or the account's default board. */
  private static void pinterestBoard(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    if (post.option("board_id") == null && !post.accountDefaults().contains("board_id")) {
      findings.add(
          Finding.error(
              "option.required",
              optionField(rules, "board_id"),
              "pinterest needs a board: set platform_options.pinterest.board_id, or choose a default"
                  + " board for the account",
              null,
              null));
    }
  }

  /** Pinterest crops pins taller than 1:2.1 in feeds; 2:3 is what it recommends. */
  private static void pinterestTallImages(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    for (int i = 0; i < post.media().size(); i++) {
      MediaFacts medium = post.media().get(i);
      if (medium.isImage() && medium.hasDimensions() && medium.aspect() < 1 / 2.1) {
        findings.add(
            Finding.warning(
                "media.aspect_ratio",
                "media_ids[" + i + "]",
                "pinterest cuts off pins taller than 1:2.1 in feeds (2:3 is recommended); this"
                    + " image is %dx%d".formatted(medium.width(), medium.height()),
                "1:2.1",
                Math.round(medium.aspect() * 100) / 100.0));
      }
    }
  }

  /** TikTok shows videos full screen and vertical; a landscape video plays letterboxed. */
  private static void tiktokPrefersPortrait(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    for (int i = 0; i < post.media().size(); i++) {
      MediaFacts medium = post.media().get(i);
      if (medium.isVideo() && medium.hasDimensions() && medium.width() > medium.height()) {
        findings.add(
            Finding.warning(
                "media.aspect_ratio",
                "media_ids[" + i + "]",
                "tiktok plays landscape videos letterboxed (9:16 is recommended); this one is"
                    + " %dx%d".formatted(medium.width(), medium.height()),
                "9:16",
                Math.round(medium.aspect() * 100) / 100.0));
      }
    }
  }

  /**
   * Instagram's content publishing API documents JPEG as its only image format; other types are
   * often converted, sometimes refused (a warning, since the platform may still take them).
   */
  private static void instagramDocumentsJpeg(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    for (int i = 0; i < post.media().size(); i++) {
      MediaFacts medium = post.media().get(i);
      boolean accepted = rules.media().images().types().contains(medium.contentType());
      if (medium.isImage() && accepted && !JPEG.equals(medium.contentType())) {
        findings.add(
            Finding.warning(
                "media.unsupported_type",
                "media_ids[" + i + "]",
                "instagram documents JPEG as its only image format; this image is "
                    + medium.contentType()
                    + " and may be refused",
                List.of(JPEG),
                medium.contentType()));
      }
    }
  }

  /**
   * Google asks for photos of at least 250x250 pixels (documentation versions disagree on whether
   * smaller ones are refused, so a warning).
   */
  private static void googleBusinessSmallPhotos(
      PlatformRules rules, PostContent post, List<Finding> findings) {
    for (int i = 0; i < post.media().size(); i++) {
      MediaFacts medium = post.media().get(i);
      if (medium.isImage()
          && medium.hasDimensions()
          && (medium.width() < 250 || medium.height() < 250)) {
        findings.add(
            Finding.warning(
                "media.dimensions",
                "media_ids[" + i + "]",
                "google_business asks for photos of at least 250x250 pixels; this one is %dx%d"
                    .formatted(medium.width(), medium.height()),
                "250x250",
                medium.width() + "x" + medium.height()));
      }
    }
  }

  private static ContentRule maxMatches(Pattern pattern, int max, String code, String what) {
    return (rules, post, findings) -> {
      Matcher matcher = pattern.matcher(post.text());
      int count = 0;
      while (matcher.find()) {
        count++;
      }
      if (count > max) {
        findings.add(
            Finding.error(
                code,
                "text",
                "%s allows %d %s per post; this text has %d"
                    .formatted(rules.platform().id(), max, what, count),
                max,
                count));
      }
    };
  }

  private static ContentRule requiredOption(String name, int maxLength) {
    return (rules, post, findings) -> {
      String value = post.option(name);
      if (value == null) {
        findings.add(
            Finding.error(
                "option.required",
                optionField(rules, name),
                "%s needs platform_options.%s.%s"
                    .formatted(rules.platform().id(), rules.platform().id(), name),
                null,
                null));
      } else {
        checkLength(rules, name, value, maxLength, findings);
      }
    };
  }

  private static ContentRule optionalLength(String name, int maxLength) {
    return (rules, post, findings) -> {
      String value = post.option(name);
      if (value != null) {
        checkLength(rules, name, value, maxLength, findings);
      }
    };
  }

  private static ContentRule requiredChoice(String name, List<String> values) {
    return (rules, post, findings) -> {
      String value = post.option(name);
      if (value == null) {
        findings.add(
            Finding.error(
                "option.required",
                optionField(rules, name),
                "%s needs platform_options.%s.%s, one of %s"
                    .formatted(
                        rules.platform().id(),
                        rules.platform().id(),
                        name,
                        String.join(", ", values)),
                values,
                null));
      } else {
        checkChoice(rules, name, value, values, findings);
      }
    };
  }

  private static ContentRule optionalChoice(String name, List<String> values) {
    return (rules, post, findings) -> {
      String value = post.option(name);
      if (value != null) {
        checkChoice(rules, name, value, values, findings);
      }
    };
  }

  private static void checkChoice(
      PlatformRules rules, String name, String value, List<String> values, List<Finding> findings) {
    if (!values.contains(value)) {
      findings.add(
          Finding.error(
              "option.invalid",
              optionField(rules, name),
              "platform_options.%s.%s must be one of %s; it is '%s'"
                  .formatted(rules.platform().id(), name, String.join(", ", values), value),
              values,
              value));
    }
  }

  private static void checkLength(
      PlatformRules rules, String name, String value, int maxLength, List<Finding> findings) {
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      findings.add(
          Finding.error(
              "option.too_long",
              optionField(rules, name),
              "%s allows %d characters in platform_options.%s.%s; it has %d"
                  .formatted(rules.platform().id(), maxLength, rules.platform().id(), name, length),
              maxLength,
              length));
    }
  }

  private static String optionField(PlatformRules rules, String name) {
    return "platform_options." + rules.platform().id() + "." + name;
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      long s = millis / 1000;
      return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String bytes(long bytes) {
    if (bytes >= GB && bytes % GB == 0) {
      return bytes / GB + " GB";
    }
    if (bytes >= MB && bytes % MB == 0) {
      return bytes / MB + " MB";
    }
    if (bytes >= MB) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
    if (bytes >= KB) {
      return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
    return bytes + " bytes";
  }
}

package dev.omnipost.connectors.rules;

import dev.omnipost.connectors.Platform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A platform's documented limits on what a post may contain (see shared PLATFORMS.md), checked
 * before anything is stored so users hear about a too-long caption at request time.
 *
 * @param maxTextLength the limit in the platform's own unit, counted by {@code counter}
 * @param maxMedia how many attachments one post may carry
 * @param mediaRequired whether a post needs at least one attachment (Instagram, TikTok, ...)
 */
public record PlatformRules(
    Platform platform,
    int maxTextLength,
    TextCounter counter,
    int maxMedia,
    boolean mediaRequired) {

  private static final Map<Platform, PlatformRules> RULES = new EnumMap<>(Platform.class);

  static {
    TextCounter codePoints = TextCounter.codePoints();
    register(new PlatformRules(Platform.TWITTER, 280, new XWeightedTextCounter(), 4, false));
    register(new PlatformRules(Platform.MASTODON, 500, new MastodonTextCounter(), 4, false));
    register(new PlatformRules(Platform.INSTAGRAM, 2200, codePoints, 10, true));
    register(new PlatformRules(Platform.FACEBOOK, 63206, codePoints, 10, false));
    register(new PlatformRules(Platform.LINKEDIN, 3000, codePoints, 20, false));
    register(new PlatformRules(Platform.TIKTOK, 2200, codePoints, 35, true));
    register(new PlatformRules(Platform.YOUTUBE, 5000, codePoints, 1, true));
    register(new PlatformRules(Platform.PINTEREST, 800, codePoints, 1, true));
    register(new PlatformRules(Platform.THREADS, 500, codePoints, 10, false));
    register(new PlatformRules(Platform.BLUESKY, 300, new GraphemeTextCounter(), 4, false));
    register(new PlatformRules(Platform.GOOGLE_BUSINESS, 1500, codePoints, 1, false));
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

  /** Every rule the post breaks; empty when it may be published as is. */
  public List<RuleViolation> check(String text, int mediaCount) {
    List<RuleViolation> violations = new ArrayList<>();
    int length = countText(text);
    if (length > maxTextLength) {
      violations.add(
          new RuleViolation(
              "text_too_long",
              "%s allows %d characters; this text counts %d"
                  .formatted(platform.id(), maxTextLength, length)));
    }
    if (mediaRequired && mediaCount == 0) {
      violations.add(
          new RuleViolation(
              "media_required", "%s posts need at least one media file".formatted(platform.id())));
    }
    if (mediaCount > maxMedia) {
      violations.add(
          new RuleViolation(
              "too_many_media",
              "%s allows %d media files per post; this post has %d"
                  .formatted(platform.id(), maxMedia, mediaCount)));
    }
    return violations;
  }
}

package dev.omnipost.aiworker.providers;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.connectors.rules.TextCounter;

/**
 * How long a generated text may be, counted the way its platform counts (X's weighted length,
 * Bluesky's graphemes, ...). Without a platform a generic caption limit applies.
 */
public record LengthLimit(int max, TextCounter counter, String unit) {

  /** Used when the request names no platform: long enough for a caption, short enough to read. */
  public static final int DEFAULT_MAX = 2200;

  public static LengthLimit forPlatform(Platform platform) {
    if (platform == null) {
      return new LengthLimit(DEFAULT_MAX, TextCounter.codePoints(), "characters");
    }
    PlatformRules rules = PlatformRules.of(platform);
    String unit = platform == Platform.TWITTER ? "weighted characters" : "characters";
    return new LengthLimit(rules.maxTextLength(), rules::countText, unit);
  }

  public int count(String text) {
    return counter.count(text == null ? "" : text);
  }

  public boolean fits(String text) {
    return count(text) <= max;
  }
}

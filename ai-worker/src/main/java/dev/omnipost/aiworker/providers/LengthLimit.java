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

  /** A rewrite or an optimization without a platform keeps the text's length: the API's cap. */
  public static final int TEXT_MAX = 12_000;

  public static LengthLimit forPlatform(Platform platform) {
    return forPlatform(platform, DEFAULT_MAX);
  }

  /** The platform's limit, or {@code withoutPlatform} code points when there is none. */
  public static LengthLimit forPlatform(Platform platform, int withoutPlatform) {
    if (platform == null) {
      return new LengthLimit(withoutPlatform, TextCounter.codePoints(), "characters");
    }
    PlatformRules rules = PlatformRules.of(platform);
    String unit =
        switch (platform) {
          case TWITTER -> "weighted characters";
          case BLUESKY -> "graphemes";
          default -> "characters";
        };
    return new LengthLimit(rules.maxTextLength(), rules::countText, unit);
  }

  public int count(String text) {
    return counter.count(text == null ? "" : text);
  }

  public boolean fits(String text) {
    return count(text) <= max;
  }

  /** The same counting with a smaller maximum (never below 1). */
  public LengthLimit withMax(int smaller) {
    return new LengthLimit(Math.max(1, smaller), counter, unit);
  }
}

package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.Hashtags;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.Sentences;
import dev.omnipost.aiworker.providers.TextFitter;
import java.util.List;

/**
 * Makes a text shorter, really: at most two thirds of its length and within the platform's limit,
 * keeping whole sentences from the start where it can and a couple of its hashtags where they still
 * fit.
 */
final class Shortener {

  private static final int KEPT_HASHTAGS = 2;

  private Shortener() {}

  static String shorten(String text, LengthLimit platformLimit) {
    String normalized = Sentences.normalize(text);
    int target = Math.min(platformLimit.max(), platformLimit.count(normalized) * 2 / 3);
    return within(normalized, platformLimit.withMax(target));
  }

  /**
   * The whole sentences from the start that fit {@code limit}, and hashtags where there is room.
   */
  static String within(String text, LengthLimit limit) {
    String normalized = Sentences.normalize(text);
    if (limit.fits(normalized)) {
      return normalized;
    }
    String body = Hashtags.withoutTrailing(normalized);
    List<String> tags = Hashtags.in(normalized.substring(body.length()));

    String kept = "";
    for (String sentence : Sentences.of(body)) {
      String joined = kept.isEmpty() ? sentence : kept + " " + sentence;
      if (!limit.fits(joined)) {
        break;
      }
      kept = joined;
    }
    if (kept.isEmpty()) {
      kept = TextFitter.fit(body.isEmpty() ? normalized : body, limit);
    }
    for (String tag : tags.subList(0, Math.min(KEPT_HASHTAGS, tags.size()))) {
      String withTag = kept + " " + tag;
      if (limit.fits(withTag)) {
        kept = withTag;
      }
    }
    return kept;
  }
}

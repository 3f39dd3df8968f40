package dev.omnipost.connectors.rules;

import java.text.Normalizer;

/**
 * X's weighted length (twitter-text v3): after NFC normalisation, code points in the Latin and
 * general punctuation ranges weigh 1, everything else (CJK, most scripts) weighs 2, an emoji
 * sequence (including ZWJ sequences, skin tones, flags and keycaps) weighs 2 as a whole, and every
 * URL weighs 23.
 */
final class XWeightedTextCounter implements TextCounter {

  private static final int URL_WEIGHT = 23;
  private static final int ZERO_WIDTH_JOINER = 0x200D;
  private static final char VARIATION_SELECTOR = '\uFE0F';
  private static final char COMBINING_KEYCAP = '\u20E3';

  @Override
  public int count(String text) {
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
    int weight = 0;
    int position = 0;
    for (int[] url : Urls.find(normalized)) {
      weight += weigh(normalized, position, url[0]) + URL_WEIGHT;
      position = url[1];
    }
    return weight + weigh(normalized, position, normalized.length());
  }

  private static int weigh(String text, int start, int end) {
    int weight = 0;
    int i = start;
    while (i < end) {
      int codePoint = text.codePointAt(i);
      int keycapEnd = endOfKeycap(text, i, end);
      if (keycapEnd > i) {
        i = keycapEnd;
        weight += 2;
        continue;
      }
      if (isEmoji(codePoint)) {
        i = endOfEmojiSequence(text, i, end);
        weight += 2;
        continue;
      }
      weight += isLightweight(codePoint) ? 1 : 2;
      i += Character.charCount(codePoint);
    }
    return weight;
  }

  private static int endOfEmojiSequence(String text, int start, int end) {
    int first = text.codePointAt(start);
    int i = start + Character.charCount(first);
    if (isRegionalIndicator(first) && i < end && isRegionalIndicator(text.codePointAt(i))) {
      return i + Character.charCount(text.codePointAt(i));
    }
    while (i < end) {
      int next = text.codePointAt(i);
      if (isEmojiModifier(next)) {
        i += Character.charCount(next);
      } else if (next == ZERO_WIDTH_JOINER && i + 1 < end && isEmoji(text.codePointAt(i + 1))) {
        i += 1;
        i += Character.charCount(text.codePointAt(i));
      } else {
        break;
      }
    }
    return i;
  }

  /** A keycap emoji such as 1️⃣: digit, # or *, an optional FE0F, then U+20E3; else start. */
  private static int endOfKeycap(String text, int start, int end) {
    char first = text.charAt(start);
    if (!(Character.isDigit(first) && first < 128) && first != '#' && first != '*') {
      return start;
    }
    int i = start + 1;
    if (i < end && text.charAt(i) == VARIATION_SELECTOR) {
      i++;
    }
    return i < end && text.charAt(i) == COMBINING_KEYCAP ? i + 1 : start;
  }

  private static boolean isLightweight(int codePoint) {
    return codePoint <= 4351
        || (codePoint >= 8192 && codePoint <= 8205)
        || (codePoint >= 8208 && codePoint <= 8223)
        || (codePoint >= 8242 && codePoint <= 8247);
  }

  private static boolean isEmojiModifier(int codePoint) {
    return codePoint == 0xFE0F
        || codePoint == 0xFE0E
        || codePoint == 0x20E3
        || (codePoint >= 0x1F3FB && codePoint <= 0x1F3FF)
        || (codePoint >= 0xE0020 && codePoint <= 0xE007F);
  }

  private static boolean isRegionalIndicator(int codePoint) {
    return codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF;
  }

  private static boolean isEmoji(int codePoint) {
    return (codePoint >= 0x1F000 && codePoint <= 0x1FAFF)
        || (codePoint >= 0x2600 && codePoint <= 0x27BF)
        || (codePoint >= 0x2B00 && codePoint <= 0x2BFF)
        || codePoint == 0x00A9
        || codePoint == 0x00AE
        || codePoint == 0x203C
        || codePoint == 0x2049
        || codePoint == 0x2122
        || codePoint == 0x2139
        || codePoint == 0x24C2
        || (codePoint >= 0x2194 && codePoint <= 0x21AA)
        || (codePoint >= 0x231A && codePoint <= 0x23FF)
        || (codePoint >= 0x25AA && codePoint <= 0x25FE)
        || (codePoint >= 0x2934 && codePoint <= 0x2935)
        || codePoint == 0x3030
        || codePoint == 0x303D
        || codePoint == 0x3297
        || codePoint == 0x3299;
  }
}

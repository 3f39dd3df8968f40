package dev.omnipost.aiworker.providers;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shortens a text to a {@link LengthLimit} without breaking a grapheme (an emoji, a letter with its
 * accents) and, where possible, at a word boundary, ending with an ellipsis. Providers are asked
 * for short texts, but they do not always listen: this is the last guarantee.
 */
public final class TextFitter {

  private static final String ELLIPSIS = "…";

  private TextFitter() {}

  public static String fit(String text, LengthLimit limit) {
    String trimmed = text == null ? "" : text.strip();
    if (limit.fits(trimmed)) {
      return trimmed;
    }
    List<Integer> boundaries = graphemeBoundaries(trimmed);
    // the count grows with the prefix, so the longest fitting prefix can be found by bisection
    int low = 0;
    int high = boundaries.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (limit.fits(withEllipsis(trimmed.substring(0, boundaries.get(middle))))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    String prefix = trimmed.substring(0, boundaries.get(low));
    int lastSpace = lastWhitespace(prefix);
    // prefer a word boundary unless it would throw away more than a third of the text
    if (lastSpace > prefix.length() * 2 / 3) {
      prefix = prefix.substring(0, lastSpace);
    }
    String result = withEllipsis(prefix);
    return limit.fits(result) ? result : "";
  }

  private static String withEllipsis(String prefix) {
    String body = prefix.stripTrailing();
    while (!body.isEmpty() && ",;:-–—".indexOf(body.charAt(body.length() - 1)) >= 0) {
      body = body.substring(0, body.length() - 1).stripTrailing();
    }
    return body.isEmpty() ? "" : body + ELLIPSIS;
  }

  private static int lastWhitespace(String text) {
    for (int i = text.length() - 1; i > 0; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static List<Integer> graphemeBoundaries(String text) {
    BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
    graphemes.setText(text);
    List<Integer> boundaries = new ArrayList<>();
    for (int end = graphemes.first(); end != BreakIterator.DONE; end = graphemes.next()) {
      boundaries.add(end);
    }
    return boundaries;
  }
}

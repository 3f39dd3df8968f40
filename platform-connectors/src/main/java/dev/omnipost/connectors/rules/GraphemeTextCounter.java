package dev.omnipost.connectors.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts user-perceived characters (extended grapheme clusters), as Bluesky does. The regex {@code
 * \X} is used rather than {@code BreakIterator}, which on Java 17 splits emoji ZWJ sequences, flags
 * and skin tones into several characters.
 */
final class GraphemeTextCounter implements TextCounter {

  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  @Override
  public int count(String text) {
    Matcher graphemes = GRAPHEME.matcher(text);
    int count = 0;
    while (graphemes.find()) {
      count++;
    }
    return count;
  }
}

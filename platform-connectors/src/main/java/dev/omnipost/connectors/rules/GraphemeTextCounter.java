package dev.omnipost.connectors.rules;

import java.text.BreakIterator;
import java.util.Locale;

/** Counts user-perceived characters (grapheme clusters), as Bluesky does. */
final class GraphemeTextCounter implements TextCounter {

  @Override
  public int count(String text) {
    BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
    graphemes.setText(text);
    int count = 0;
    while (graphemes.next() != BreakIterator.DONE) {
      count++;
    }
    return count;
  }
}

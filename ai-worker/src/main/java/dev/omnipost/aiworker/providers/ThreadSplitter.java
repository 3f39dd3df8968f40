package dev.omnipost.aiworker.providers;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a text into thread posts that each fit a {@link LengthLimit}, counted the platform's way:
 * whole sentences are packed into a post while they fit; a sentence longer than the limit on its
 * own is split between words, and a word longer than the limit between graphemes. Nothing is left
 * out and the order is kept, so the posts joined with spaces are the text again.
 */
public final class ThreadSplitter {

  private ThreadSplitter() {}

  public static List<String> split(String text, LengthLimit limit) {
    List<String> posts = new ArrayList<>();
    String current = "";
    for (String sentence : Sentences.of(text)) {
      String joined = current.isEmpty() ? sentence : current + " " + sentence;
      if (limit.fits(joined)) {
        current = joined;
        continue;
      }
      if (!current.isEmpty()) {
        posts.add(current);
      }
      if (limit.fits(sentence)) {
        current = sentence;
      } else {
        List<String> pieces = pack(words(sentence), " ", limit);
        posts.addAll(pieces.subList(0, pieces.size() - 1));
        current = pieces.get(pieces.size() - 1);
      }
    }
    if (!current.isEmpty()) {
      posts.add(current);
    }
    return posts;
  }

  /** Greedily joins units while they fit; a unit that fits nowhere alone is split further. */
  private static List<String> pack(List<String> units, String separator, LengthLimit limit) {
    List<String> pieces = new ArrayList<>();
    String current = "";
    for (String unit : units) {
      String joined = current.isEmpty() ? unit : current + separator + unit;
      if (limit.fits(joined)) {
        current = joined;
        continue;
      }
      if (!current.isEmpty()) {
        pieces.add(current);
      }
      if (limit.fits(unit) || separator.isEmpty()) {
        current = unit;
      } else {
        List<String> graphemes = pack(graphemes(unit), "", limit);
        pieces.addAll(graphemes.subList(0, graphemes.size() - 1));
        current = graphemes.get(graphemes.size() - 1);
      }
    }
    if (!current.isEmpty() || pieces.isEmpty()) {
      pieces.add(current);
    }
    return pieces;
  }

  private static List<String> words(String sentence) {
    return List.of(sentence.split(" "));
  }

  private static List<String> graphemes(String word) {
    BreakIterator iterator = BreakIterator.getCharacterInstance(Locale.ROOT);
    iterator.setText(word);
    List<String> result = new ArrayList<>();
    int start = iterator.first();
    for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
      result.add(word.substring(start, end));
    }
    return result;
  }
}
